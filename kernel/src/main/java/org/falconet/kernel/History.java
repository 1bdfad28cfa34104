package org.falconet.kernel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The session's executed cells for history_request: tail, range and glob search. */
final class History {
  /** This kernel keeps one session; its number in history entries. */
  static final int SESSION = 1;

  private record Entry(int line, String input, String output) {}

  private final List<Entry> entries = new ArrayList<>();

  synchronized void add(int line, String input, String output) {
    entries.add(new Entry(line, input, output == null ? "" : output));
  }

  /** The history_reply's {@code history} array for a request's content. */
  synchronized ArrayNode answer(ObjectNode request) {
    boolean output = request.path("output").asBoolean(false);
    String type = request.path("hist_access_type").asText("tail");
    List<Entry> picked = new ArrayList<>();
    switch (type) {
      case "range" -> {
        int session = request.path("session").asInt(0);
        int start = request.path("start").asInt(0);
        int stop = request.path("stop").asInt(Integer.MAX_VALUE);
        if (session <= 0 || session == SESSION) {
          for (Entry e : entries) {
            if (e.line >= start && e.line < stop) {
              picked.add(e);
            }
          }
        }
      }
      case "search" -> {
        Pattern p = glob(request.path("pattern").asText("*"));
        boolean unique = request.path("unique").asBoolean(false);
        Set<String> seen = new LinkedHashSet<>();
        List<Entry> matches = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
          Entry e = entries.get(i);
          if (p.matcher(e.input).matches() && (!unique || seen.add(e.input))) {
            matches.add(0, e);
          }
        }
        picked = tail(matches, request.path("n").asInt(0));
      }
      default -> picked = tail(entries, request.path("n").asInt(10));
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (Entry e : picked) {
      ArrayNode row = out.addArray().add(SESSION).add(e.line);
      if (output) {
        row.addArray().add(e.input).add(e.output);
      } else {
        row.add(e.input);
      }
    }
    return out;
  }

  private static List<Entry> tail(List<Entry> list, int n) {
    return n <= 0 || n >= list.size() ? new ArrayList<>(list) : new ArrayList<>(list.subList(list.size() - n, list.size()));
  }

  /** A shell glob ({@code *}, {@code ?}) matching whole inputs. */
  static Pattern glob(String glob) {
    StringBuilder re = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }
}
