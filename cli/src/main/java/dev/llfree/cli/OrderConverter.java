package dev.llfree.cli;

import dev.llfree.FrameAllocator;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses an order: a run of {@code 2^order} frames, 0 (4 KiB) to 10 (4 MiB), or 18 (a 1 GiB giant frame).
 *
 * <p>Thread safety: stateless.
 */
final class OrderConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        try {
            int order = Integer.parseInt(value.strip());
            if (order >= 0 && order <= FrameAllocator.MAX_ORDER || order == FrameAllocator.GIANT_ORDER) {
                return order;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new TypeConversionException("'" + value + "' is not an order (expected: 0.." + FrameAllocator.MAX_ORDER
                + " or " + FrameAllocator.GIANT_ORDER + ", runs of 2^order 4 KiB frames)");
    }
}
