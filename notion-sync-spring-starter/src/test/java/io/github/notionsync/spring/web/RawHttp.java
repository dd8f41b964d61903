package io.github.notionsync.spring.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/1.1 over a plain socket, for what {@code java.net.http} will not send: request targets
 * that are not valid URIs, and request bodies streamed while the answer is read.
 */
final class RawHttp {

    /**
     * An answer.
     *
     * @param status the status code
     * @param headers the headers, names in lower case
     * @param body the body as text
     * @param bytesSent how many body bytes the client wrote before it had the answer or could write no more
     */
    record Response(int status, Map<String, String> headers, String body, long bytesSent) {

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    private RawHttp() {
    }

    /** Sends a request head (request line and headers, without the blank line) and an optional body. */
    static Response send(int port, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nHost: localhost:" + port + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(socket.getInputStream(), body == null ? 0 : body.length);
        }
    }

    /**
     * Sends a request whose chunked body repeats {@code filler} until the server answers, refuses to
     * take more, or {@code maxBytes} are written (then it ends the body), reading the answer meanwhile.
     */
    static Response streamChunked(int port, String head, byte[] filler, long maxBytes) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nHost: localhost:" + port + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            AtomicBoolean answered = new AtomicBoolean();
            AtomicLong sent = new AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] size = (Integer.toHexString(filler.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                byte[] crlf = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
                try {
                    while (!answered.get() && sent.get() < maxBytes) {
                        out.write(size);
                        out.write(filler);
                        out.write(crlf);
                        sent.addAndGet(filler.length);
                    }
                    if (!answered.get()) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                } catch (IOException e) {
                    // the server closed the connection: it takes no more
                }
            }, "raw-http-writer");
            writer.setDaemon(true);
            writer.start();
            try {
                Response r = read(socket.getInputStream(), -1);
                answered.set(true);
                writer.join(30_000);
                return new Response(r.status(), r.headers(), r.body(), sent.get());
            } finally {
                answered.set(true);
            }
        }
    }

    private static Response read(InputStream in, long sent) throws IOException {
        String status = line(in);
        if (status == null) {
            throw new IOException("The server closed the connection without an answer");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.merge(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if (headers.getOrDefault("transfer-encoding", "").contains("chunked")) {
            for (int n = Integer.parseInt(line(in).trim(), 16); n > 0; n = Integer.parseInt(line(in).trim(), 16)) {
                body.write(in.readNBytes(n));
                line(in);
            }
        } else {
            body.write(in.readAllBytes());
        }
        return new Response(Integer.parseInt(status.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8),
                sent);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** {@code n} bytes of JSON whitespace: a body that is valid JSON once wrapped, and as large as one likes. */
    static byte[] spaces(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) ' ');
        return b;
    }
}
