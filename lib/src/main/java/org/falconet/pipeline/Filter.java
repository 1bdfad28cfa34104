package org.falconet.pipeline;

import org.falconet.corpus.Document;

/**
 * A stage that only decides keep or drop, never changes the document (datatrove's
 * {@code BaseFilter} shape). Implement {@link #check}; the runner does the rest.
 *
 * <pre>{@code
 * Filter shortDocs = Filter.of("min_length", d -> d.text().length() < 10 ? Verdict.drop("too_short") : Verdict.keep());
 * }</pre>
 */
public interface Filter extends DocumentStage {

  /** Keep, or drop with a {@code snake_case} reason. */
  Verdict check(Document doc);

  @Override
  default Outcome apply(Document doc) {
    Verdict v = check(doc);
    return v.keeps() ? Outcome.kept(doc) : Outcome.removed(doc, v.reason());
  }

  /** A filter from a name and a function, for notebooks and tests. */
  static Filter of(String name, java.util.function.Function<Document, Verdict> check) {
    Reasons.check(name);
    return new Filter() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Verdict check(Document doc) {
        return check.apply(doc);
      }
    };
  }

  /** A filter's decision: {@link #keep()} or {@link #drop(String)}. */
  record Verdict(String reason) {
    private static final Verdict KEEP = new Verdict(null);

    public Verdict {
      if (reason != null) {
        Reasons.check(reason);
      }
    }

    public static Verdict keep() {
      return KEEP;
    }

    public static Verdict drop(String reason) {
      return new Verdict(java.util.Objects.requireNonNull(reason));
    }

    public boolean keeps() {
      return reason == null;
    }
  }
}
