package org.chartkeeper.interop.hl7v2;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.SimpleServer;
import ca.uhn.hl7v2.llp.MinLowerLayerProtocol;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.GenericParser;
import ca.uhn.hl7v2.protocol.ApplicationRouter;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.protocol.ReceivingApplicationExceptionHandler;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.chartkeeper.ChartkeeperProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The HL7 v2 MLLP listener: HAPI's MLLP server on {@code chartkeeper.hl7.port} (0 = off), bound to
 * {@code chartkeeper.hl7.bind-address}, with at most {@code max-connections} connections, each connection's messages
 * processed in order on a bounded executor. HAPI frames and unframes; every message goes as received to
 * {@link Hl7IntakeService#receive}, whose answer (sent only after the message and its effects are committed) is
 * written back. HAPI's own parsing is bypassed: the intake reads every version from 2.3 to 2.8 itself, so that it can
 * keep unreadable messages and name the field at fault.
 */
@Component
public class MllpListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MllpListener.class);

    private final Hl7IntakeService intake;
    private final ChartkeeperProperties.Hl7 config;
    private SimpleServer server;
    private HapiContext context;
    private int port;

    public MllpListener(Hl7IntakeService intake, ChartkeeperProperties properties) {
        this.intake = intake;
        this.config = properties.hl7();
    }

    @Override
    public synchronized void start() {
        if (config.port() > 0) start(config.port());
    }

    /** Starts listening on this port (tests pick a free one); a running listener stays as it is. */
    public synchronized int start(int onPort) {
        if (server != null) return port;
        try {
            InetAddress address = InetAddress.getByName(config.bindAddress());
            PassThrough[] parser = new PassThrough[1];
            context = new DefaultHapiContext() {
                @Override
                public synchronized GenericParser getGenericParser() {
                    if (parser[0] == null) parser[0] = new PassThrough(this);
                    return parser[0];
                }
            };
            context.setValidationContext(ValidationContextFactory.noValidation());
            context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator()); // never ./id_file
            MinLowerLayerProtocol llp = new MinLowerLayerProtocol(false);
            llp.setCharset(StandardCharsets.UTF_8);
            context.setLowerLayerProtocol(llp);
            context.setExecutorService(new OrderedExecutor(config.maxConnections()));
            context.setSocketFactory(new BoundServerSocketFactory(address, config.maxConnections(),
                    (int) config.readTimeout().toMillis()));
            server = new SimpleServer(context, onPort, false);
            server.registerApplication("*", "*", new Application());
            server.setExceptionHandler(new Unreadable());
            server.startAndWait();
            if (server.getServiceExitedWithException() != null) {
                throw new IllegalStateException("the HL7 listener did not start", server.getServiceExitedWithException());
            }
            port = onPort;
            log.info("HL7 v2 MLLP listener on {}:{} (at most {} connections)", address.getHostAddress(), onPort,
                    config.maxConnections());
            return port;
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            server = null;
            throw new IllegalStateException("The HL7 listener could not start on port " + onPort, e);
        }
    }

    @Override
    public synchronized void stop() {
        if (server == null) return;
        server.stopAndWait();
        try {
            context.close();
        } catch (IOException ignored) {
            // the executor is shut down either way
        }
        context.getExecutorService().shutdownNow();
        server = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The port listened on, 0 when off. */
    public synchronized int port() {
        return server == null ? 0 : port;
    }

    /** After the database and the services, before the web server stops taking requests. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000;
    }

    private static String remote(Map<String, Object> metadata) {
        Object ip = metadata.get(ApplicationRouter.METADATA_KEY_SENDING_IP);
        return ip == null ? null : String.valueOf(ip);
    }

    /** Hands the raw text to the intake and its answer back. */
    private final class Application implements ReceivingApplication<Message> {
        @Override
        public Message processMessage(Message ignored, Map<String, Object> metadata) {
            Object raw = metadata.get(ca.uhn.hl7v2.protocol.MetadataKeys.IN_RAW_MESSAGE);
            return new RawMessage(intake.receive(raw == null ? "" : raw.toString(), remote(metadata)));
        }

        @Override
        public boolean canProcess(Message message) {
            return true;
        }
    }

    /** If HAPI's router fails before the application, the intake still gets the message and answers it. */
    private final class Unreadable implements ReceivingApplicationExceptionHandler {
        @Override
        public String processException(String incoming, Map<String, Object> metadata, String outgoing, Exception e) {
            return intake.receive(incoming == null ? "" : incoming, remote(metadata));
        }
    }

    /**
     * HAPI's router wants a parsed message; this parser only wraps the text (the intake reads it) and writes an
     * answer back as the intake built it.
     */
    private static final class PassThrough extends GenericParser {
        PassThrough(HapiContext context) {
            super(context);
        }

        @Override
        public Message parse(String message) {
            return new RawMessage(message);
        }

        @Override
        public String encode(Message source, String encoding) throws HL7Exception {
            return source instanceof RawMessage r ? r.text : super.encode(source, encoding);
        }

        @Override
        public String getEncoding(String message) {
            return "VB";
        }

        @Override
        public String getAckID(String message) {
            return null; // every message is an incoming one to answer
        }
    }

    /** A message carried as text (HAPI's router reads MSH fields of it, which are empty). */
    static final class RawMessage extends ca.uhn.hl7v2.model.v251.message.ACK {
        final String text;

        RawMessage(String text) {
            this.text = text;
        }
    }
}
