package org.falconet.kernel.display;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * A tablesaw {@link Table} as an HTML table with its name and size. Long tables show their first
 * {@value #HEAD} and last {@value #TAIL} rows around an ellipsis row; wide ones their first
 * {@value #MAX_COLUMNS} columns.
 *
 * <p>Numbers are for people: in a double or float column printed in tablesaw's default format (every digit),
 * a raw value (more than {@value #AUTHOR_DECIMALS} decimals, such as 0.15942028985507245) shows to 3 significant
 * digits ({@link #figure}); a value its author rounded (0.1594, 12.5) shows as it is, and so does every value of
 * a column given its own print format ({@code column.setPrintFormatter(...)}): there the digits are the lesson.
 */
public final class TableRenderer {
  static final int MAX_ROWS = 30;
  static final int HEAD = 20;
  static final int TAIL = 5;
  static final int MAX_COLUMNS = 30;
  /**
   * A number written as text, with at most a short unit ({@code 1,234}, {@code -0.25}, {@code 12%},
   * {@code 3e-4}, {@code 19.6 ms}, {@code 252 MB}) or a dash for none: such a column stays right-aligned.
   */
  private static final Pattern NUMBER_LIKE = Pattern.compile(
      "[-+\u2212~]?\\d[\\d.,\u202f ]*(e[-+]?\\d+)?\\s?(%|\u00d7|[a-z\u00b5/]{1,4})?|[-\u2013\u2014\u2026]|n/?a|nan",
      Pattern.CASE_INSENSITIVE);

  private TableRenderer() {}

  /**
   * Text to be read (not numbers written as strings): Jupyter's stylesheet right-aligns every table cell,
   * fine for numbers, hard to read for prose.
   */
  static boolean isProse(Column<?> col) {
    if (col.type() != ColumnType.STRING) {
      return false;
    }
    for (int r = 0; r < col.size(); r++) {
      if (!col.isMissing(r) && !NUMBER_LIKE.matcher(col.getString(r)).matches()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The table's {@code div} start: a table with prose columns gets a class naming them
   * ({@code falconet-prose-2-5}: columns 2 and 5) and a {@code <style>} that left-aligns those columns
   * and wraps their text at spaces, so the cells stay plain {@code <td>}s; tables with the same prose
   * columns share the same rule. An untrusted notebook drops the style (the text stays, right-aligned).
   */
  private static String divStart(Table t, int cols) {
    StringBuilder name = new StringBuilder("falconet-prose");
    List<Integer> prose = new ArrayList<>();
    for (int c = 0; c < cols; c++) {
      if (isProse(t.column(c))) {
        prose.add(c + 1);
        name.append('-').append(c + 1);
      }
    }
    if (prose.isEmpty()) {
      return "<div class=\"falconet-table\">";
    }
    StringBuilder css = new StringBuilder();
    for (int n : prose) {
      css.append(css.length() == 0 ? "" : ",").append('.').append(name).append(" th:nth-child(").append(n)
          .append("),.").append(name).append(" td:nth-child(").append(n).append(')');
    }
    return "<div class=\"falconet-table " + name + "\"><style>" + css + "{text-align:left;overflow-wrap:break-word}</style>";
  }

  public static MimeBundle render(Table t) {
    int rows = t.rowCount();
    int cols = Math.min(t.columnCount(), MAX_COLUMNS);
    StringBuilder h = new StringBuilder(divStart(t, cols)).append("<table>\n<thead><tr>");
    for (int c = 0; c < cols; c++) {
      h.append("<th>").append(Escape.html(t.column(c).name())).append("</th>");
    }
    if (cols < t.columnCount()) {
      h.append("<th>&hellip;</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    boolean cut = rows > MAX_ROWS;
    for (int r = 0; r < rows; r++) {
      if (cut && r == HEAD) {
        h.append("<tr>");
        for (int c = 0; c < cols; c++) {
          h.append("<td>&vellip;</td>");
        }
        h.append("</tr>\n");
        r = rows - TAIL;
      }
      h.append("<tr>");
      for (int c = 0; c < cols; c++) {
        Column<?> col = t.column(c);
        h.append("<td>").append(Escape.html(shown(col, r))).append("</td>");
      }
      if (cols < t.columnCount()) {
        h.append("<td>&hellip;</td>");
      }
      h.append("</tr>\n");
    }
    String size = rows + (rows == 1 ? " row" : " rows") + " \u00d7 " + t.columnCount()
        + (t.columnCount() == 1 ? " column" : " columns");
    h.append("</tbody></table>\n<p><em>").append(Escape.html(t.name() == null ? "" : t.name() + ": "))
        .append(size).append(cut ? " (" + (HEAD + TAIL) + " shown)" : "").append("</em></p></div>");
    return MimeBundle.html(h.toString(), rounded(t).print(cut ? HEAD + TAIL : rows) + "\n" + size);
  }

  /** A value as the table shows it: see the class comment. */
  static String shown(Column<?> col, int r) {
    if (col.isMissing(r)) {
      return "";
    }
    if (!rounds(col)) {
      return col.getString(r);
    }
    double v = ((NumberColumn<?, ?>) col).getDouble(r);
    if (!Double.isFinite(v)) {
      return figure(v);
    }
    // The shortest decimal that reads back as the value (a float's own, not its widened double's).
    BigDecimal shortest = new BigDecimal(col instanceof FloatColumn ? Float.toString((float) v) : Double.toString(v)).stripTrailingZeros();
    return shortest.scale() <= AUTHOR_DECIMALS ? shortest.toPlainString() : figure(v);
  }

  /** Decimals a value may have and still be taken as rounded by its author. */
  static final int AUTHOR_DECIMALS = 4;

  /**
   * {@code v} for people: whole numbers as integers, 100 and more rounded to an integer, smaller values to 3
   * significant digits (0.123, 1.23, 12.3), below 0.0001 in scientific notation (1.23e-05).
   */
  static String figure(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    if (Math.abs(v) >= 100) {
      return Long.toString(Math.round(v));
    }
    if (Math.abs(v) < 1e-4) {
      return String.format(Locale.ROOT, "%.2e", v);
    }
    return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }

  private static final String DEFAULT_PATTERN = pattern(DoubleColumn.create("default"));

  /** Whether {@code col} holds doubles or floats printed in tablesaw's default, every-digit format. */
  private static boolean rounds(Column<?> col) {
    return (col instanceof DoubleColumn || col instanceof FloatColumn) && DEFAULT_PATTERN.equals(pattern((NumberColumn<?, ?>) col));
  }

  /** The column's print format as a pattern ({@code getPrintFormatter} is protected in tablesaw 0.44). */
  private static String pattern(NumberColumn<?, ?> col) {
    try {
      var get = NumberColumn.class.getDeclaredMethod("getPrintFormatter");
      get.setAccessible(true);
      NumberColumnFormatter f = (NumberColumnFormatter) get.invoke(col);
      return f.getFormat() instanceof DecimalFormat d ? d.toPattern() : String.valueOf(f.getFormat());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("tablesaw's NumberColumn.getPrintFormatter is gone", e);
    }
  }

  /** {@code t} with its rounded columns as text, for the plain-text rendering. */
  private static Table rounded(Table t) {
    Table out = Table.create(t.name());
    for (Column<?> col : t.columns()) {
      if (rounds(col)) {
        StringColumn s = StringColumn.create(col.name());
        for (int r = 0; r < col.size(); r++) {
          s.append(shown(col, r));
        }
        out.addColumns(s);
      } else {
        out.addColumns(col);
      }
    }
    return out;
  }
}
