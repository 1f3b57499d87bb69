package dev.llfree;

/**
 * What tracing recovery found and did.
 *
 * @param runs              runs the tracer reported
 * @param reachableFrames   frames in them
 * @param reclaimedFrames   frames that were allocated but unreachable, now free (leaks reclaimed)
 * @param reachableButFree  frames a reported run covers that were free: a bug of the caller (a run used
 *                          after its put, or never allocated); recovery keeps them allocated, as reported
 * @param firstReachableButFree the first such frame, or -1
 * @param freeFrames        free frames afterwards
 * @param nanos             time taken, tracing included
 */
public record TraceReport(long runs, long reachableFrames, long reclaimedFrames, long reachableButFree,
                          long firstReachableButFree, long freeFrames, long nanos) {
}
