package dev.llfree.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Pins the calling thread to one CPU with Linux's {@code sched_setaffinity(0, size, mask)} (pid 0: the calling
 * thread), called through FFM; the CPUs to choose from are those the process may use ({@code sched_getaffinity}), so
 * bench thread {@code t} runs on the {@code t}-th of them (wrapping when there are more threads than CPUs).
 *
 * <p>Thread safety: stateless; each call affects only its calling thread.
 */
final class CpuPinning {
    /** Bytes of the CPU mask passed: glibc's {@code cpu_set_t}, 1024 CPUs. */
    private static final long MASK_BYTES = 128;
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final FunctionDescriptor AFFINITY = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
        ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);
    private static final MethodHandle SET = downcall("sched_setaffinity");
    private static final MethodHandle GET = downcall("sched_getaffinity");

    private CpuPinning() { }

    /**
     * Pins the calling thread to the {@code index}-th CPU the process may use (modulo their number).
     *
     * @return the CPU
     * @throws IllegalStateException saying what the kernel refused and why
     */
    static int pinCurrentThread(int index) {
        List<Integer> allowed = allowedCpus();
        int cpu = allowed.get(Math.floorMod(index, allowed.size()));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(MASK_BYTES, Long.BYTES);
            mask.setAtIndex(ValueLayout.JAVA_LONG, cpu / Long.SIZE, 1L << cpu);
            MemorySegment state = arena.allocate(CALL_STATE);
            int result = (int) SET.invokeExact(state, 0, MASK_BYTES, mask);
            if (result != 0) {
                throw new IllegalStateException("cannot pin a bench thread to CPU " + cpu + ": sched_setaffinity failed"
                    + " with errno " + (int) ERRNO.get(state, 0L) + " (a container or cgroup may forbid it; run without"
                    + " --pin)");
            }
            return cpu;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("sched_setaffinity: " + e, e);
        }
    }

    /** The CPUs the calling thread may run on, in ascending order. */
    static List<Integer> allowedCpus() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(MASK_BYTES, Long.BYTES);
            MemorySegment state = arena.allocate(CALL_STATE);
            int result = (int) GET.invokeExact(state, 0, MASK_BYTES, mask);
            if (result != 0) {
                throw new IllegalStateException("sched_getaffinity failed with errno " + (int) ERRNO.get(state, 0L));
            }
            List<Integer> cpus = new ArrayList<>();
            for (int cpu = 0; cpu < MASK_BYTES * Byte.SIZE; cpu++) {
                if ((mask.getAtIndex(ValueLayout.JAVA_LONG, cpu / Long.SIZE) & 1L << cpu) != 0) {
                    cpus.add(cpu);
                }
            }
            return cpus;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("sched_getaffinity: " + e, e);
        }
    }

    private static MethodHandle downcall(String name) {
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = linker.defaultLookup().find(name)
            .orElseThrow(() -> new UnsupportedOperationException(name + " is not in the C library (Linux only)"));
        return linker.downcallHandle(symbol, AFFINITY, Linker.Option.captureCallState("errno"));
    }
}
