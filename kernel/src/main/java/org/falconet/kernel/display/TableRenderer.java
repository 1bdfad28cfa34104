package org.falconet.kernel.display;

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

  private TableRenderer() {}

  public static MimeBundle render(Table t) {
    int rows = t.rowCount();
    int cols = Math.min(t.columnCount(), MAX_COLUMNS);
    StringBuilder h = new StringBuilder("<div class=\"falconet-table\"><table>\n<thead><tr>");
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
