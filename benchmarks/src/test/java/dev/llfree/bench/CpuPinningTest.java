package dev.llfree.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Pinning through {@code sched_setaffinity}: a pinned thread may run on its one CPU only, others are untouched. */
class CpuPinningTest {
    @Test
    void shouldLeaveAPinnedThreadOneAllowedCpuAndOtherThreadsAll() throws InterruptedException {
        List<Integer> allowed = CpuPinning.allowedCpus();
        assertFalse(allowed.isEmpty());
        for (int index = 0; index <= allowed.size(); index++) { // the last one wraps around to the first CPU
            int thread = index;
            AtomicReference<Object> seen = new AtomicReference<>();
            Thread pinned = Thread.ofPlatform().start(() -> {
                int cpu = CpuPinning.pinCurrentThread(thread);
                seen.set(List.of(cpu, CpuPinning.allowedCpus()));
            });
            pinned.join();
            int expected = allowed.get(thread % allowed.size());
            assertEquals(List.of(expected, List.of(expected)), seen.get());
        }
        assertEquals(allowed, CpuPinning.allowedCpus(), "the test's own thread is not pinned");
    }
}
