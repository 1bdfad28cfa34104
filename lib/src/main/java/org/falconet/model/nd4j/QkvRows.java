package org.falconet.model.nd4j;

import org.falconet.model.FalconConfig;

/**
 * The order that turns the rows of Falcon's fused {@code query_key_value} weight into three plain blocks: every
 * query head in head order, then every key head, then every value head. The checkpoint interleaves them in one of
 * three layouts (see {@link FalconConfig.QkvLayout}); once the rows are in this order, the projection's output
 * splits into Q [T, H·hd], K [T, kv·hd] and V [T, kv·hd] by column ranges alone.
 */
final class QkvRows {
  private QkvRows() {}

  /** order[i] = the checkpoint row that becomes row i. */
  static int[] order(FalconConfig c) {
    int H = c.numHeads();
    int kv = c.numKvHeads();
    int hd = c.headDim();
    int[] order = new int[c.qkvOutDim()];
    int i = 0;
    for (int h = 0; h < H; h++) {
      for (int e = 0; e < hd; e++) order[i++] = queryOffset(c, h) + e;
    }
    for (int g = 0; g < kv; g++) {
      for (int e = 0; e < hd; e++) order[i++] = keyOffset(c, g) + e;
    }
    for (int g = 0; g < kv; g++) {
      for (int e = 0; e < hd; e++) order[i++] = keyOffset(c, g) + hd + e;   // the value follows its key
    }
    return order;
  }

  /** The inverse permutation: inverse[order[i]] = i. */
  static int[] inverse(int[] order) {
    int[] inv = new int[order.length];
    for (int i = 0; i < order.length; i++) inv[order[i]] = i;
    return inv;
  }

  /** Row where query head h starts (modeling_falcon.py's three views of the fused output). */
  private static int queryOffset(FalconConfig c, int h) {
    int hd = c.headDim();
    return switch (c.qkvLayout()) {
      case GROUPED -> {                       // view(kv, H/kv + 2, hd): a group's queries, its key, its value
        int per = c.numHeads() / c.numKvHeads();
        yield ((h / per) * (per + 2) + h % per) * hd;
      }
      case MULTI_QUERY -> h * hd;             // view(H + 2, hd)
      case INTERLEAVED -> 3 * h * hd;         // view(H, 3, hd)
    };
  }

  /** Row where key head g starts. */
  private static int keyOffset(FalconConfig c, int g) {
    int hd = c.headDim();
    return switch (c.qkvLayout()) {
      case GROUPED -> {
        int per = c.numHeads() / c.numKvHeads();
        yield (g * (per + 2) + per) * hd;
      }
      case MULTI_QUERY -> c.numHeads() * hd;
      case INTERLEAVED -> (3 * g + 1) * hd;
    };
  }
}
