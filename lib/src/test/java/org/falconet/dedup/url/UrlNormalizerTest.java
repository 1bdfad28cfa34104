package org.falconet.dedup.url;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UrlNormalizerTest {

  static String n(String u) {
    return UrlNormalizer.normalize(u, true);
  }

  @Test
  void schemeHostCaseAndDefaultPorts() {
    assertEquals("http://example.com/Path", n("HTTP://Example.COM:80/Path"));
    assertEquals("http://example.com/", n("https://EXAMPLE.com.:443"));
    assertEquals("http://example.com:8080/", n("http://example.com:8080"));
    assertEquals("https://example.com/", UrlNormalizer.normalize("https://example.com:443/", false));
    assertEquals("https://example.com:80/", UrlNormalizer.normalize("https://example.com:80/", false));
  }

  @Test
  void fragmentsAndTrackingParametersGo() {
    assertEquals("http://example.com/a?a=1&b=2",
        n(" https://example.com/a?utm_source=news&b=2&UTM_Medium=x&fbclid=abc&a=1&gclid=9#section-2 "));
    assertEquals("http://example.com/a", n("http://example.com/a?utm_campaign=x&&msclkid=1"));
    assertEquals("http://example.com/a?id=5", n("http://example.com/a?id=5#"));
  }

  @Test
  void percentEscapesUpperCased() {
    assertEquals("http://example.com/caf%C3%A9?q=%2F", n("http://example.com/caf%c3%a9?q=%2f"));
  }

  @Test
  void userInfoAndIpv6Kept() {
    assertEquals("http://user@host.com/", n("http://user@HOST.com"));
    assertEquals("http://[::1]:8080/x", n("http://[::1]:8080/x"));
    assertEquals("http://[::1]/x", n("http://[::1]:80/x"));
  }

  @Test
  void notAUrlIsKeptTrimmed() {
    assertEquals("example.com/page", n("  example.com/page#x "));
  }
}
