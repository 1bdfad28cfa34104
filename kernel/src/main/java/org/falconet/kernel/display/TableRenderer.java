package org.falconet.kernel.display;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A tablesaw {@link Table} as an HTML table with its name and size. Long tables show their first
 * {@value #HEAD} and last {@value #TAIL} rows around an ellipsis row; wide ones their first
 * {@value #MAX_COLUMNS} columns.
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
        h.append("<td>").append(Escape.html(col.isMissing(r) ? "" : col.getString(r))).append("</td>");
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
    return MimeBundle.html(h.toString(), t.print(cut ? HEAD + TAIL : rows) + "\n" + size);
  }
}
