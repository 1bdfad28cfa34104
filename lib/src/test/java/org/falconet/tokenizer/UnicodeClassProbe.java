package org.falconet.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.falconet.tokenizer.internal.Gpt2Split;
import org.falconet.tokenizer.internal.PreTokenizerPipeline;

/**
 * Asks Hugging Face's tokenizers (through DJL) how it classes every code point, and prints the ones
 * where it disagrees with this JDK's Unicode tables: the source of {@code internal.HuggingFaceUnicode}.
 *
 * <p>Hugging Face's Punctuation step uses the {@code unicode_categories} crate and its GPT-2 regex
 * uses Oniguruma; each has its own Unicode version, neither Java 17's (Unicode 13). The probe builds
 * two tiny tokenizers whose only merges join a marker character with any following byte, so a merge
 * shows that the marker and the code point ended in the same pre-tokenized piece:
 * "a"+cp joins iff cp is a letter, "1"+cp iff a number, "!"+cp iff neither nor a space; under a
 * Punctuation step " "+cp is split iff cp is punctuation.
 *
 * <p>{@code java -cp ... org.falconet.tokenizer.UnicodeClassProbe OUT_DIR}
 */
public final class UnicodeClassProbe {
  private UnicodeClassProbe() {}

  static final char[] MARKERS = {'a', '1', '!', 'Ġ'};

  static String probeJson(boolean punctuation) {
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (int b = 0; b < 256; b++) {
      vocab.put(String.valueOf(ByteUnicode.toChar(b)), b);
    }
    List<String> merges = new ArrayList<>();
    for (char m : MARKERS) {
      for (int b = 0; b < 256; b++) {
        String pair = m + " " + ByteUnicode.toChar(b);
        merges.add("\"" + pair.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        vocab.putIfAbsent(m + String.valueOf(ByteUnicode.toChar(b)), vocab.size());
      }
    }
    StringBuilder v = new StringBuilder();
    vocab.forEach((k, id) -> v.append(v.length() == 0 ? "" : ",").append('"')
        .append(k.replace("\\", "\\\\").replace("\"", "\\\"")).append("\":").append(id));
    String bl = "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":true}";
    String pre = punctuation
        ? "{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Punctuation\",\"behavior\":\"Contiguous\"}," + bl + "]}"
        : bl;
    return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[],\"normalizer\":null,"
        + "\"pre_tokenizer\":" + pre + ",\"post_processor\":null,\"decoder\":" + bl + ","
        + "\"model\":{\"type\":\"BPE\",\"dropout\":null,\"unk_token\":null,\"vocab\":{" + v
        + "},\"merges\":[" + String.join(",", merges) + "]}}";
  }

  /** Whether the first two tokens of {@code marker + cp} merged into one. */
  static boolean joined(HuggingFaceTokenizer t, String marker, int cp) {
    long[] ids = t.encode(marker + new String(Character.toChars(cp)), false, false).getIds();
    return ids.length > 0 && ids[0] >= 256;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("probe-gpt2.json"), probeJson(false));
    Files.writeString(dir.resolve("probe-punct.json"), probeJson(true));
    HuggingFaceTokenizer gpt2 = HuggingFaceCrossCheckTest.huggingFace(dir.resolve("probe-gpt2.json"));
    HuggingFaceTokenizer punct = HuggingFaceCrossCheckTest.huggingFace(dir.resolve("probe-punct.json"));
    try (PrintStream out = new PrintStream(Files.newOutputStream(dir.resolve("differences.txt")), true, "UTF-8")) {
      for (int cp = 0x80; cp <= 0xE0FFF; cp++) {
        if (cp == 0x40000) {
          cp = 0xE0000;                  // planes 4-13 are unassigned in every Unicode version
        }
        if (Character.isSurrogate((char) cp) && cp < 0x10000) {
          continue;
        }
        char hfClass = joined(gpt2, "a", cp) ? 'L' : joined(gpt2, "1", cp) ? 'N' : joined(gpt2, "!", cp) ? 'O' : 'S';
        boolean hfPunct = !joined(punct, " ", cp) && hfClass != 'S';
        char javaClass = Gpt2Split.classOf(cp);
        boolean javaPunct = PreTokenizerPipeline.isUnicodePunctuation(cp);
        if (hfClass != javaClass || hfPunct != javaPunct) {
          out.printf("%X %c %s%n", cp, hfClass, hfPunct ? "P" : "-");
        }
      }
    }
  }
}
