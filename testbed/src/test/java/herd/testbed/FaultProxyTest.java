package herd.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fault proxy in front of an echo server on 127.0.0.1: each fault does what it says. */
@Timeout(60)
class FaultProxyTest {
  private ServerSocket echo;

  @BeforeEach
  void startEcho() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread.ofVirtual()
        .start(
            () -> {
              while (true) {
                Socket s;
                try {
                  s = echo.accept();
                } catch (IOException e) {
                  return;
                }
                Thread.ofVirtual()
                    .start(
                        () -> {
                          try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                          } catch (IOException e) {
                            // the test closed it
                          }
                        });
              }
            });
  }

  @AfterEach
  void stopEcho() throws IOException {
    echo.close();
  }

  private FaultProxy proxy() {
    return FaultProxy.start("127.0.0.1", "127.0.0.1", echo.getLocalPort());
  }

  private static byte[] roundTrip(Socket s, byte[] data) throws Exception {
    Thread writer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    OutputStream out = s.getOutputStream();
                    Random random = new Random(7);
                    int at = 0;
                    while (at < data.length) {
                      int n = Math.min(data.length - at, 1 + random.nextInt(8192));
                      out.write(data, at, n);
                      at += n;
                    }
                    out.flush();
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                });
    byte[] back = s.getInputStream().readNBytes(data.length);
    writer.join();
    return back;
  }

  @Test
  void bytesArriveWholeAndInOrderThroughLatencyAndJitter() throws Exception {
    try (FaultProxy p = proxy().latency(Duration.ofMillis(5), Duration.ofMillis(5));
        Socket s = new Socket(p.address(), p.port())) {
      byte[] data = new byte[1024 * 1024];
      new Random(3).nextBytes(data);
      assertArrayEquals(data, roundTrip(s, data));
      assertEquals(1, p.connections());
      assertEquals(2L * data.length, p.bytesForwarded());
    }
  }

  @Test
  void latencyDelaysEachWay() throws Exception {
    try (FaultProxy p = proxy().latency(Duration.ofMillis(200), Duration.ZERO);
        Socket s = new Socket(p.address(), p.port())) {
      long t0 = System.nanoTime();
      assertArrayEquals(new byte[] {42}, roundTrip(s, new byte[] {42}));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms >= 390, "a round trip through 200 ms each way took " + ms + " ms");
    }
  }

  @Test
  void bandwidthIsLimited() throws Exception {
    try (FaultProxy p = proxy().bandwidth(100 * 1024);
        Socket s = new Socket(p.address(), p.port())) {
      byte[] data = new byte[200 * 1024];
      long t0 = System.nanoTime();
      assertArrayEquals(data, roundTrip(s, data));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms >= 1500, "200 KB at 100 KB/s came back in " + ms + " ms");
    }
  }

  @Test
  void droppedConnectionsEndAndNewOnesWork() throws Exception {
    try (FaultProxy p = proxy(); Socket s = new Socket(p.address(), p.port())) {
      assertArrayEquals(new byte[] {1}, roundTrip(s, new byte[] {1}));
      p.dropConnections();
      s.setSoTimeout(5000);
      InputStream in = s.getInputStream();
      int read;
      try {
        read = in.read();
      } catch (IOException e) {
        read = -1;
      }
      assertEquals(-1, read);
      assertEquals(1, p.connectionsDropped());
      try (Socket again = new Socket(p.address(), p.port())) {
        assertArrayEquals(new byte[] {2}, roundTrip(again, new byte[] {2}));
      }
    }
  }

  @Test
  void aBlackHoleSwallowsBytesAndClosesNothing() throws Exception {
    try (FaultProxy p = proxy(); Socket s = new Socket(p.address(), p.port())) {
      assertArrayEquals(new byte[] {1}, roundTrip(s, new byte[] {1}));
      p.blackHole(true);
      s.getOutputStream().write(2);
      s.setSoTimeout(500);
      assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
      assertTrue(!s.isClosed() && s.isConnected());
      try (Socket late = new Socket(p.address(), p.port())) {
        late.getOutputStream().write(3);
        late.setSoTimeout(500);
        assertThrows(SocketTimeoutException.class, () -> late.getInputStream().read());
      }
      p.blackHole(false);
      try (Socket after = new Socket(p.address(), p.port())) {
        assertArrayEquals(new byte[] {4}, roundTrip(after, new byte[] {4}));
      }
    }
  }
}
