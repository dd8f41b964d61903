package io.github.notionsync.spring.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Tomcat's error report, as JSON for notion-sync's paths. Some requests fail inside Tomcat before
 * any filter or servlet sees them (a malformed URL: {@code %zz}, {@code %2F}, {@code %00}, or
 * characters a request line may not hold); Tomcat answers those with its HTML error page. For
 * paths under notion-sync's prefixes this valve writes the JSON error instead; for every other
 * path it is Tomcat's own report, with the settings of the valve it replaces.
 */
public final class JsonErrorReportValve extends ErrorReportValve {

    private final List<String> prefixes;

    /**
     * @param prefixes raw (undecoded) request URI prefixes, context path included, whose errors are JSON
     */
    public JsonErrorReportValve(List<String> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    /** For Tomcat, which may instantiate the host's error valve by class name: no path is JSON. */
    public JsonErrorReportValve() {
        this(List.of());
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        String uri = request.getRequestURI();
        if (uri == null || prefixes.stream().noneMatch(uri::startsWith)) {
            super.report(request, response, throwable);
            return;
        }
        int status = response.getStatus();
        // As ErrorReportValve: only errors, only once, only when nothing was written and I/O is possible.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String message = status == 400 ? "The request is malformed (its URL, or a header)"
                : status == 500 ? "The request failed on the server; see its log" : "Error " + status;
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JsonErrors.json(JsonErrors.body(status, JsonErrors.code(status), message)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // As ErrorReportValve: the client is gone or the response cannot be written; nothing to do.
        }
    }

    /**
     * Puts the valve in place of the host's error report valve (Spring Boot adds one; otherwise Tomcat
     * would add its default when the host starts), keeping that valve's settings.
     */
    public static final class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>,
            Ordered {

        private final List<String> paths;

        /**
         * @param paths path prefixes within the application, as notion-sync serves them
         */
        public Installer(List<String> paths) {
            this.paths = List.copyOf(paths);
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(this::install);
        }

        void install(Context context) {
            Container host = context.getParent();
            if (host == null) {
                return;
            }
            String contextPath = context.getPath() == null ? "" : context.getPath();
            JsonErrorReportValve valve = new JsonErrorReportValve(paths.stream().map(p -> contextPath + p).toList());
            Pipeline pipeline = host.getPipeline();
            for (Valve v : pipeline.getValves()) {
                if (v instanceof ErrorReportValve existing) {
                    valve.setShowReport(existing.isShowReport());
                    valve.setShowServerInfo(existing.isShowServerInfo());
                    pipeline.removeValve(existing);
                }
            }
            pipeline.addValve(valve);
            if (host instanceof StandardHost standard) {
                // So that the host, when it starts, finds this valve and adds no other.
                standard.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        }

        /** After Spring Boot's own customizer, which adds the valve this one replaces. */
        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
