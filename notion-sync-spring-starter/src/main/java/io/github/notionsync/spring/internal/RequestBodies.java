package io.github.notionsync.spring.internal;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Request bodies read within a limit: a body is read as it streams in, and refused as soon as it
 * passes the limit (or at once when its declared length does), so that no more than the limit is
 * ever held or even taken from the connection.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    /** A request body is larger than its endpoint takes. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        private final long limit;
        private final String property;

        TooLargeException(long limit, String property) {
            super("The request body is larger than " + limit + " bytes (" + property + ")");
            this.limit = limit;
            this.property = property;
        }

        /** The limit, in bytes. */
        public long limit() {
            return limit;
        }

        /** The property that sets it. */
        public String property() {
            return property;
        }

        /** The 413 reply. */
        Map<String, Object> body() {
            Map<String, Object> body = JsonErrors.body(413, "payload_too_large", getMessage());
            body.put("max_bytes", limit);
            return body;
        }

        /** The exception itself, or the first of its causes that is one, or {@code null}. */
        static TooLargeException in(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof TooLargeException e) {
                    return e;
                }
            }
            return null;
        }
    }

    /**
     * The whole body, at most {@code limit} bytes; empty when there is none.
     *
     * @throws TooLargeException when it declares or turns out to be larger, having read at most one byte past the limit
     */
    static byte[] read(HttpServletRequest request, long limit, String property) throws IOException {
        if (request.getContentLengthLong() > limit) {
            throw new TooLargeException(limit, property);
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (body.length > limit) {
            throw new TooLargeException(limit, property);
        }
        return body;
    }

    /** The request, with a body stream (and reader) that fails once more than {@code limit} bytes were read. */
    static HttpServletRequest limited(HttpServletRequest request, long limit, String property) {
        return new HttpServletRequestWrapper(request) {
            private LimitedInputStream in;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (in == null) {
                    in = new LimitedInputStream(super.getInputStream(), limit, property);
                }
                return in;
            }

            @Override
            public BufferedReader getReader() throws IOException {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
                return new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
        };
    }

    /** Counts what is read, and never asks the connection for more than one byte past the limit. */
    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private final String property;
        private long read;

        LimitedInputStream(ServletInputStream in, long limit, String property) {
            this.in = in;
            this.limit = limit;
            this.property = property;
        }

        @Override
        public int read() throws IOException {
            check();
            int b = in.read();
            if (b >= 0) {
                read++;
                check();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            int n = in.read(b, off, (int) Math.min(len, limit - read + 1));
            if (n > 0) {
                read += n;
                check();
            }
            return n;
        }

        private void check() throws TooLargeException {
            if (read > limit) {
                throw new TooLargeException(limit, property);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
