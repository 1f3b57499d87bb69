# shellcheck shell=bash
# Sourced by the other scripts: picks a JDK >= 22 and exports JAVA_HOME and PATH.
# Order: $JAVA_HOME if it is >= 22, else the newest /usr/lib/jvm/* whose `release` file says
# JAVA_VERSION >= 22. Adds --sun-misc-unsafe-memory-access=allow to MAVEN_OPTS on JDK >= 23 (silences
# the sun.misc.Unsafe warnings of Maven's Guava; JDK 22 does not know the flag).

# Prints the feature version (22 for "22.0.2", 8 for "1.8.0_392") of the JDK at $1, or fails.
llfree_jdk_feature() {
    local release="$1/release" version
    [[ -x "$1/bin/java" && -r "$release" ]] || return 1
    version=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$release")
    version=${version#1.}
    version=${version%%[!0-9]*}
    [[ -n "$version" ]] || return 1
    echo "$version"
}

llfree_find_jdk() {
    local min=22 best="" best_feature=0 home feature
    if [[ -n "${JAVA_HOME:-}" ]] && feature=$(llfree_jdk_feature "$JAVA_HOME") && ((feature >= min)); then
        echo "$JAVA_HOME"
        return 0
    fi
    for home in /usr/lib/jvm/*; do
        [[ -d "$home" ]] || continue
        feature=$(llfree_jdk_feature "$home") || continue
        if ((feature >= min && feature > best_feature)); then
            best=$home
            best_feature=$feature
        fi
    done
    if [[ -z "$best" ]]; then
        echo "error: llfree-java needs a JDK >= $min (FFM API): JAVA_HOME=${JAVA_HOME:-<unset>} is not one and" \
            "/usr/lib/jvm has none; install one (e.g. Temurin 25) or point JAVA_HOME at it" >&2
        return 1
    fi
    echo "$best"
}

if llfree_jdk_home=$(llfree_find_jdk); then
    export JAVA_HOME=$llfree_jdk_home
    export PATH="$JAVA_HOME/bin:$PATH"
    if (($(llfree_jdk_feature "$JAVA_HOME") >= 23)) && [[ " ${MAVEN_OPTS:-} " != *" --sun-misc-unsafe-memory-access=allow "* ]]; then
        export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
    fi
    unset -f llfree_jdk_feature llfree_find_jdk
    unset llfree_jdk_home
else
    unset -f llfree_jdk_feature llfree_find_jdk
    unset llfree_jdk_home
    return 1
fi
