package dev.llfree.bench;

/**
 * What {@link FragWorkload} sees after its fill (round 0) and after each churn round.
 *
 * @param round          0 after the fill, then the round just finished
 * @param freeFrames     free frames
 * @param freeHugeFrames wholly free 2 MiB frames, as the allocator counts them
 * @param failedGets     gets of orders above 0 that found no run so far and fell back to order 0
 */
record FragCount(int round, long freeFrames, long freeHugeFrames, long failedGets) { }
