package org.falconet.filter.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.falconet.corpus.Document;
import org.falconet.pipeline.Filter.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UrlFilterTest {

  static final UrlFilter PAPER = new UrlFilter();

  static String verdict(UrlFilter f, String url) {
    Verdict v = f.check(Document.ofText("d", url, "some text"));
    return v.keeps() ? "keep" : v.reason();
  }

  static String verdict(String url) {
    return verdict(PAPER, url);
  }

  @Test
  void blocklistedDomainAndItsSubdomains() {
    // velvetlounge-club.com is in the shipped sample's adult/domains
    assertEquals("blocklisted_domain", verdict("https://velvetlounge-club.com/"));
    assertEquals("blocklisted_domain", verdict("http://www.velvetlounge-club.com/a?b=c"));
    assertEquals("blocklisted_domain", verdict("https://a.b.VELVETLOUNGE-CLUB.com./x"));
    assertEquals("keep", verdict("https://notvelvetlounge-club.com/"));
    assertEquals("keep", verdict("https://velvetlounge-club.com.example.org/"));
  }

  @Test
  void blocklistedUrlAndWhatLiesBelowIt() {
    // phishing/urls holds free-web-host.net/~login/bank-verify.html
    assertEquals("blocklisted_url", verdict("http://free-web-host.net/~login/bank-verify.html"));
    assertEquals("blocklisted_url", verdict("https://www.free-web-host.net/~login/bank-verify.html?x=1"));
    assertEquals("blocklisted_url", verdict("http://mixedcontent-host.com/members/adult-area/page2.html"));
    assertEquals("keep", verdict("http://free-web-host.net/~login/"));
    assertEquals("keep", verdict("http://mixedcontent-host.com/members/adult-area-2"));
  }

  @Test
  void excludedHighQualityDomains() {
    for (String u : List.of("https://en.wikipedia.org/wiki/Falcon", "https://arxiv.org/abs/2306.01116",
        "https://unix.stackexchange.com/q/1", "https://stackoverflow.com/q/2", "https://github.com/a/b",
        "https://old.reddit.com/r/x")) {
      assertEquals("excluded_domain", verdict(u), u);
    }
    assertEquals("keep", verdict("https://wikipedia.org.example.com/"));
    assertEquals("keep", verdict("https://mywikipedia.org/"));
    assertEquals("keep", verdict("https://someone.github.io/notes"), "github.io is a public suffix of its own");
  }

  @Test
  void strictSubwordsMatchAnywhereWithDashesAndDotsRemoved() {
    assertEquals("url_strict_subword", verdict("https://freepornclips.example.com/"));
    assertEquals("url_strict_subword", verdict("https://p-o-r-n.example.com/"));
    assertEquals("url_strict_subword", verdict("https://example.com/x.x.x/"));
    assertEquals("keep", verdict("https://example.com/p_o_r_n"), "'_' is not removed");
  }

  @Test
  void hardWordsRejectAsWholeTokens() {
    assertEquals("url_hard_word", verdict("https://example.com/nude-beaches"));
    assertEquals("url_hard_word", verdict("https://sex.example.com/"));
    assertEquals("keep", verdict("https://example.com/essex-sextant-guide"));
  }

  @Test
  void softWordsRejectAtTwoOrMore() {
    assertEquals("url_soft_words", verdict("https://hot-girls.example.com/"));
    assertEquals("url_soft_words", verdict("https://example.com/dating/singles"));
    assertEquals("keep", verdict("https://example.com/hot-springs"));
    assertEquals("keep", verdict("https://example.com/hot/hot/hot"), "distinct words count, not occurrences");
    UrlFilter three = new UrlFilter(new UrlFilter.Params(UrlBlocklist.empty(), Set.of(), Set.of(),
        Set.of("hot", "girls", "cam"), 3, Set.of()));
    assertEquals("keep", verdict(three, "https://hot-girls.example.com/"));
    assertEquals("url_soft_words", verdict(three, "https://hot-girls-cam.example.com/"));
  }

  @Test
  void invalidUrlAndMissingUrl() {
    assertEquals("invalid_url", verdict("https:///nohost"));
    assertEquals("keep", PAPER.check(Document.ofText("d", null, "text")).keeps() ? "keep" : "drop");
  }

  @Test
  void registeredDomainsComeFromThePublicSuffixList() {
    assertEquals("wikipedia.org", UrlFilter.registeredDomain("en.m.wikipedia.org"));
    assertEquals("example.co.uk", UrlFilter.registeredDomain("a.b.example.co.uk"));
    assertEquals("example.com.au", UrlFilter.registeredDomain("www.example.com.au"));
    assertEquals("myblog.blogspot.com", UrlFilter.registeredDomain("www.myblog.blogspot.com"));
    assertEquals("192.168.0.1", UrlFilter.registeredDomain("192.168.0.1"));
  }

  @Test
  void ut1DirectoriesLoadPerCategory(@TempDir Path dir) throws IOException {
    Path adult = Files.createDirectories(dir.resolve("blacklists/adult"));
    Files.writeString(adult.resolve("domains"), "# comment\nbad.example\n.dotted.example.\n");
    Files.writeString(adult.resolve("urls"), "host.example/bad/path\n");
    Path games = Files.createDirectories(dir.resolve("blacklists/games"));
    Files.writeString(games.resolve("domains"), "games.example\n");
    UrlBlocklist b = UrlBlocklist.loadUt1(dir, UrlBlocklist.REFINEDWEB_CATEGORIES);
    assertEquals(2, b.domainCount());
    assertEquals(1, b.urlCount());
    assertEquals("adult", b.domainCategory("x.bad.example", "bad.example"));
    assertEquals("adult", b.domainCategory("dotted.example", "dotted.example"));
    assertNull(b.domainCategory("games.example", "games.example"), "games is not a RefinedWeb category");
    assertEquals("adult", b.urlCategory("https://host.example/bad/path/x"));
    assertThrows(IOException.class, () -> UrlBlocklist.loadUt1(dir, List.of("nonexistent")));
  }

  @Test
  void theSampleBlocklistCoversEveryRefinedWebCategory() {
    UrlBlocklist s = UrlBlocklist.sample();
    assertEquals("arjel", s.domainCategory("parisenligne-bet.fr", "parisenligne-bet.fr"));
    assertEquals("ddos", s.domainCategory("www.booterstress-panel.net", "booterstress-panel.net"));
    assertEquals(21, s.domainCount()); // 3+3+2+3+2+2+1+1+2+2 lines in ut1-sample/*/domains
  }

  @Test
  void paramsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new UrlFilter.Params(UrlBlocklist.empty(), Set.of(),
        Set.of(), Set.of(), 0, Set.of()));
    assertThrows(IllegalArgumentException.class, () -> new UrlFilter.Params(UrlBlocklist.empty(), Set.of("a-b"),
        Set.of(), Set.of(), 2, Set.of()));
    assertEquals(2, UrlFilter.Params.PAPER.softWordThreshold());
    assertEquals("url_filter", PAPER.name());
  }
}
