package dev.llfree.pmemobj;

import dev.llfree.pmemobj.gen.pmemoid;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The libpmemobj wrapper against the real library, on a pool in a temporary directory. */
class PmemObjTest {
    private static final long POOL_BYTES = 16L << 20;
    private static final long OBJECT_BYTES = 4096;

    @TempDir
    Path dir;

    @BeforeEach
    void requireLibrary() {
        assumeTrue(PmemObj.isAvailable(), PmemObj::unavailableReason);
    }

    @Test
    void shouldNameTheSizeOfAnOidAsTheLibraryDoes() {
        assertEquals(pmemoid.sizeof(), PmemObj.OID_BYTES);
    }

    @Test
    void shouldKeepAnObjectAcrossCloseAndOpenUntilItIsFreed() throws Exception {
        Path file = dir.resolve("pool");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment oid = arena.allocate(PmemObj.OID_BYTES);
            try (PmemObj pool = PmemObj.create(file, POOL_BYTES)) {
                assertTrue(pool.alloc(oid, OBJECT_BYTES), PmemObj.errorMessage());
                assertFalse(PmemObj.isNull(oid));
                pool.direct(oid, OBJECT_BYTES).set(ValueLayout.JAVA_LONG, OBJECT_BYTES - Long.BYTES, 0xC0FFEEL);
            }
            byte[] kept = oid.toArray(ValueLayout.JAVA_BYTE);
            try (PmemObj pool = PmemObj.open(file)) {
                assertArrayEquals(kept, oid.toArray(ValueLayout.JAVA_BYTE));
                assertEquals(0xC0FFEEL, pool.direct(oid, OBJECT_BYTES).get(ValueLayout.JAVA_LONG, OBJECT_BYTES - Long.BYTES));
                pool.free(oid);
                assertTrue(PmemObj.isNull(oid));
                assertThrows(IllegalArgumentException.class, () -> pool.direct(oid, OBJECT_BYTES));
            }
        }
    }

    @Test
    void shouldReportNoRoomWhenThePoolIsFull() throws Exception {
        try (Arena arena = Arena.ofConfined(); PmemObj pool = PmemObj.create(dir.resolve("pool"), PmemObj.minPoolBytes())) {
            MemorySegment oid = arena.allocate(PmemObj.OID_BYTES);

            assertFalse(pool.alloc(oid, PmemObj.minPoolBytes()));
            assertTrue(PmemObj.isNull(oid));
            assertThrows(IllegalArgumentException.class, () -> pool.alloc(oid, 0));
        }
    }

    @Test
    void shouldThrowWithTheLibraryMessageWhenTheFileIsNoPool() throws Exception {
        Path file = Files.writeString(dir.resolve("text"), "not a pool");

        PmemObjException e = assertThrows(PmemObjException.class, () -> PmemObj.open(file));

        assertTrue(e.getMessage().startsWith("pmemobj_open " + file + ": "), e.getMessage());
        assertTrue(e.getMessage().length() > ("pmemobj_open " + file + ": ").length(), e.getMessage());
    }

    @Test
    void shouldRefuseToCreateOverAnExistingFile() throws Exception {
        Path file = Files.writeString(dir.resolve("existing"), "keep me");

        PmemObjException e = assertThrows(PmemObjException.class, () -> PmemObj.create(file, POOL_BYTES));

        assertTrue(e.getMessage().startsWith("pmemobj_create " + file + ": "), e.getMessage());
        assertEquals("keep me", Files.readString(file));
    }
}
