package org.falconet.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BPE training: merges computed by hand on a tiny corpus, and a trained tokenizer.json that Hugging Face loads and agrees with. */
class BpeTrainerTest {

  @Test
  void learnsTheMergesWorkedOutByHand() {
    // Pieces (Falcon pre-tokenizer): "ab", " ab", " ab", " abc", "<|endoftext|>" cut out.
    // Pair counts: (a,b)=4, (Ġ,a)=3, (b,c)=1 -> merge "a b"; then (Ġ,ab)=3, (ab,c)=1 -> merge "Ġ ab";
    // then (Ġab,c)=1 is below the minimum frequency 2: training stops with two merges.
    Tokenizer t = new BpeTrainer(BpeTrainer.Params.falcon(1000)).train(List.of("ab ab ab abc<|endoftext|>"));
    List<String> merges = t.model().merges().stream().map(m -> m[0] + " " + m[1]).toList();
    assertEquals(List.of("a b", "Ġ ab"), merges);
    assertEquals(12 + 256 + 2, t.vocabSize());
    assertEquals("<|endoftext|>", t.token(11));
    assertEquals("ab", t.token(12 + 256));
    assertArrayEquals(new int[] {268, 269, 269, 269, t.id("c"), 11}, t.encode("ab ab ab abc<|endoftext|>"));
  }

  @Test
  void stopsAtTheVocabularySize() {
    List<String> docs = corpus(40_000, 5);
    Tokenizer t = new BpeTrainer(BpeTrainer.Params.falcon(12 + 256 + 50)).train(docs);
    assertEquals(12 + 256 + 50, t.vocabSize());
  }

  @Test
  void trainingIsDeterministic() {
    List<String> docs = corpus(60_000, 6);
    String a = TokenizerJson.toJson(new BpeTrainer(BpeTrainer.Params.falcon(700)).train(docs));
    String b = TokenizerJson.toJson(new BpeTrainer(BpeTrainer.Params.falcon(700)).train(docs));
    assertEquals(a, b);
  }

  @Test
  void huggingFaceLoadsTheTrainedTokenizerAndAgrees(@TempDir Path dir) throws Exception {
    List<String> docs = corpus(300_000, 1);
    Tokenizer trained = new BpeTrainer(BpeTrainer.Params.falcon(2000)).train(docs);
    assertEquals(2000, trained.vocabSize());
    Path json = dir.resolve("tokenizer.json");
    trained.save(json);
    Tokenizer reread = Tokenizer.load(json);
    try (HuggingFaceTokenizer hf = HuggingFaceCrossCheckTest.huggingFace(json)) {
      RandomText gen = new RandomText(99);
      for (int i = 0; i < 1000; i++) {
        String s = gen.next(10);
        int[] ours = trained.encode(s);
        int[] want = Arrays.stream(hf.encode(s, false, false).getIds()).mapToInt(Math::toIntExact).toArray();
        assertArrayEquals(want, ours, () -> "ids differ for " + HuggingFaceCrossCheckTest.escape(s));
        assertArrayEquals(ours, reread.encode(s));
        assertEquals(s, trained.decode(ours), "every byte is in a trained vocabulary: the round trip is exact");
      }
    }
  }

  @Test
  void rejectsAVocabularyTooSmallForTheBytes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BpeTrainer.Params.falcon(200));
    assertEquals("vocabSize 200 is below the special tokens plus 256 bytes (268)", e.getMessage());
  }

  static List<String> corpus(int chars, long seed) {
    RandomText gen = new RandomText(seed);
    List<String> docs = new ArrayList<>();
    int n = 0;
    while (n < chars) {
      StringBuilder d = new StringBuilder();
      while (d.length() < 2000) {
        d.append(gen.next(10)).append(' ');
      }
      docs.add(d.toString());
      n += d.length();
    }
    return docs;
  }
}
