package org.falconet.filter.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.falconet.corpus.Document;
import org.falconet.pipeline.Outcome;
import org.junit.jupiter.api.Test;

/** Tricky true positives (replaced) and false positives (left alone) for e-mails and IP addresses. */
class PiiRedactorTest {
  private static final PiiRedactor R = PiiRedactor.fineweb();

  private static void unchanged(String text) {
    assertEquals(text, R.redact(text));
  }

  @Test
  void emailsAreReplacedInTurn() {
    assertEquals("Write to email@example.com.", R.redact("Write to john.doe+news@mail.example.co.uk."));
    assertEquals("<email@example.com>, <firstname.lastname@example.org>, (email@example.com)",
        R.redact("<Jane_Doe@Example.COM>, <x-1@a.io>, (z%z@b.example.org)"));
  }

  @Test
  void notEmails() {
    unchanged("icon logo@2x.png and banner@3x.JPG");
    unchanged("user@localhost, @handle, a@b, name@example, x@1.2");
    unchanged("email me at john..doe@example.com? no, that is invalid");
  }

  @Test
  void publicIpv4IsReplaced() {
    assertEquals("DNS 22.214.171.124, backup 126.96.36.199.", R.redact("DNS 8.8.8.8, backup 1.1.1.1."));
    assertEquals("connect to 22.214.171.124:8080 now", R.redact("connect to 93.184.216.34:8080 now"));
    assertEquals("(22.214.171.124)", R.redact("(203.0.114.7)"));
  }

  @Test
  void privateAndSpecialIpv4AreKept() {
    unchanged("LAN 192.168.1.1, 10.0.0.5, 172.16.4.2, 127.0.0.1, 169.254.1.1, 100.64.0.1, 0.0.0.0");
    unchanged("broadcast 255.255.255.255, multicast 224.0.0.251, docs 192.0.2.10 198.51.100.3 203.0.113.9");
  }

  @Test
  void versionsAndDatesAreKept() {
    unchanged("Update to version 1.2.3.4 or v8.8.8.8 (release 4.19.0.12); Firefox 115.0.2.1");
    unchanged("build 1.2.3.4.5, padded 01.02.03.04, dates 2023.11.27 and 27.11.2023, 8.8.8.8a");
    unchanged("range 300.1.1.1 is not an address");
  }

  @Test
  void publicIpv6IsReplaced() {
    assertEquals("resolver 2001:db8::1 and [2001:db8::2]:443",
        R.redact("resolver 2001:4860:4860::8888 and [2606:4700:4700::1111]:443"));
    assertEquals("host 2001:db8::1.", R.redact("host 2a00:1450:4007:80e:0:0:0:200e."));
  }

  @Test
  void specialIpv6AndLookAlikesAreKept() {
    unchanged("loopback ::1, link-local fe80::1%eth0, unique fd12:3456::1, docs 2001:db8::7");
    unchanged("at 12:30:45, std::vector<int>, MAC 00:1a:2b:3c:4d:5e, ratio 3:2, C0FFEE::");
  }

  @Test
  void documentCarriesCounts() {
    Outcome o = R.apply(Document.ofText("d", null, "mail a@example.com from 8.8.8.8 or 192.168.0.1"));
    assertEquals("mail email@example.com from 22.214.171.124 or 192.168.0.1", o.document().text());
    assertEquals(Map.of("email", 1, "ip", 1), o.document().meta("pii_redacted"));
    Document clean = Document.ofText("d", null, "nothing personal here");
    assertSame(clean, R.apply(clean).document());
  }

  @Test
  void randomAddressLikeTextNeverThrows() {
    String alphabet = "0123456789abcdefABCDEF.:@ \n-_%+x😀\ud83d";
    java.util.Random random = new java.util.Random(7);
    for (int t = 0; t < 20_000; t++) {
      StringBuilder sb = new StringBuilder();
      for (int i = random.nextInt(60); i > 0; i--) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = sb.toString();
      String out = R.redact(text);
      if (!text.contains("@") && !text.contains(".") && !text.contains(":")) {
        assertEquals(text, out);
      }
    }
  }

  @Test
  void htmlOnlyDocumentIsNotExtracted() {
    assertEquals("not_extracted", ((Outcome.Removed) R.apply(Document.ofHtml("d", null, null, "<p>x</p>"))).reason());
  }
}
