package org.falconet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.messages.HMACGenerator;
import java.nio.charset.StandardCharsets;
import org.falconet.kernel.wire.Signer;
import org.junit.jupiter.api.Test;

class SignerTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void signsLikePythonHmacAndRejectsTampering() throws Exception {
    Signer s = new Signer(new HMACGenerator("hmac-sha256", "secret"), true);
    // python3 -c "import hmac,hashlib; h=hmac.new(b'secret',digestmod=hashlib.sha256);
    //   [h.update(x) for x in (b'{\"a\":1}',b'{}',b'{}',b'{\"code\":\"1\"}')]; print(h.hexdigest())"
    String expected = "4cd721348272a9d38f52e40f18755f0c1547d1172085474a01e7af8f3442da14";
    String sig = s.sign(b("{\"a\":1}"), b("{}"), b("{}"), b("{\"code\":\"1\"}"));
    assertEquals(64, sig.length());
    assertTrue(s.verify(sig, b("{\"a\":1}"), b("{}"), b("{}"), b("{\"code\":\"1\"}")));
    assertFalse(s.verify(sig, b("{\"a\":1}"), b("{}"), b("{}"), b("{\"code\":\"2\"}")));
    assertFalse(s.verify("", b("{\"a\":1}"), b("{}"), b("{}"), b("{\"code\":\"1\"}")));
    assertEquals(expected, sig);
  }
}
