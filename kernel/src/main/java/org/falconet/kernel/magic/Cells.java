package org.falconet.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.falconet.kernel.eval.CellEvaluator;
import org.falconet.kernel.eval.CellFailure;

/**
 * Runs a cell: a {@code %%magic} first line hands the whole body to that cell magic; otherwise
 * lines starting with {@code %} are line magics run in order, and the Java between them goes to
 * JShell. The value of the last part is the cell's value.
 */
public final class Cells {
  private final Map<String, LineMagic> lineMagics = new TreeMap<>();
  private final Map<String, CellMagic> cellMagics = new TreeMap<>();

  /** A cell's value: {@code present} is false when its last part was a statement or declaration. */
  public record Value(boolean present, Object value) {
    public static final Value NONE = new Value(false, null);
  }

  public Cells registerLine(String name, LineMagic m) {
    lineMagics.put(name, m);
    return this;
  }

  public Cells registerCell(String name, CellMagic m) {
    cellMagics.put(name, m);
    return this;
  }

  public List<String> lineMagicNames() {
    return List.copyOf(lineMagics.keySet());
  }

  public List<String> cellMagicNames() {
    return List.copyOf(cellMagics.keySet());
  }

  /** Runs {@code cell}; magics failing raise a {@link CellFailure} named {@code MagicError}. */
  public Value run(String cell, MagicContext ctx) throws CellFailure {
    String stripped = cell.stripLeading();
    if (stripped.startsWith("%%")) {
      int nl = stripped.indexOf('\n');
      String head = nl < 0 ? stripped.substring(2) : stripped.substring(2, nl);
      String body = nl < 0 ? "" : stripped.substring(nl + 1);
      String[] nameArgs = splitName(head);
      CellMagic m = cellMagics.get(nameArgs[0]);
      if (m == null) {
        throw failure("unknown cell magic %%" + nameArgs[0] + " (known: %%" + String.join(", %%", cellMagics.keySet()) + ")");
      }
      return call(() -> m.run(nameArgs[1], body, ctx));
    }
    if (cell.lines().noneMatch(l -> l.startsWith("%"))) {
      return java(cell, ctx.evaluator());
    }
    Value last = Value.NONE;
    List<String> java = new ArrayList<>();
    for (String line : cell.split("\n", -1)) {
      if (line.startsWith("%")) {
        if (!String.join("\n", java).isBlank()) {
          last = java(String.join("\n", java), ctx.evaluator());
        }
        java.clear();
        String[] nameArgs = splitName(line.substring(1));
        LineMagic m = lineMagics.get(nameArgs[0]);
        if (m == null) {
          throw failure("unknown line magic %" + nameArgs[0] + " (known: %" + String.join(", %", lineMagics.keySet()) + ")");
        }
        last = call(() -> m.run(nameArgs[1], ctx));
      } else {
        java.add(line);
      }
    }
    if (!String.join("\n", java).isBlank()) {
      last = java(String.join("\n", java), ctx.evaluator());
    }
    return last;
  }

  private static Value java(String code, CellEvaluator ev) throws CellFailure {
    CellEvaluator.Result r = ev.eval(code);
    return r.hasValue() ? new Value(true, r.value()) : Value.NONE;
  }

  private interface MagicCall {
    Object call() throws Exception;
  }

  private static Value call(MagicCall c) throws CellFailure {
    try {
      Object v = c.call();
      if (v instanceof Value value) {
        return value;
      }
      return v == null ? Value.NONE : new Value(true, v);
    } catch (CellFailure f) {
      throw f;
    } catch (Exception e) {
      throw failure(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  static String[] splitName(String head) {
    String h = head.strip();
    int sp = 0;
    while (sp < h.length() && !Character.isWhitespace(h.charAt(sp))) {
      sp++;
    }
    return new String[] {h.substring(0, sp), h.substring(sp).strip()};
  }

  /** A magic's error as a cell failure with a one-line message. */
  public static CellFailure failure(String message) {
    return new CellFailure("MagicError", message, List.of("MagicError: " + message));
  }
}
