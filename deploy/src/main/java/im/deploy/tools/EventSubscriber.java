package im.deploy.tools;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import im.proto.events.EventEnvelope;
import im.proto.events.group.GroupEvents;
import im.proto.events.media.MediaEvents;
import im.proto.events.message.MessageEvents;
import im.proto.events.user.UserEvents;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An example subscriber to the public event topics (shared-proto/README.md): follows them and prints every event as
 * one line of JSON, the payload decoded by its type ({@code "@type"}), so another system can see what it would get.
 *
 * <pre>
 * java -Dloader.main=im.deploy.tools.EventSubscriber -jar deploy/target/im-launcher.jar \
 *      [--bootstrap host:port] [--topics a,b] [--from-beginning] [--group id] [--max n] [--idle-exit seconds]
 * </pre>
 * {@code --bootstrap} defaults to {@code KAFKA_BOOTSTRAP_SERVERS}, else {@code localhost:9092}; {@code --topics} to
 * the four public topics; without {@code --group} it reads as a throw-away group (nothing committed) from the end,
 * or from the start with {@code --from-beginning}. {@code --max}: exit after that many events; {@code --idle-exit}:
 * exit when nothing came for that long. An undecodable record is printed as {@code {"undecodable": ...}}.
 */
public final class EventSubscriber {

    static final List<String> PUBLIC_TOPICS = List.of("im.user.events.v1", "im.group.events.v1",
            "im.message.events.v1", "im.media.events.v1");

    private EventSubscriber() {
    }

    public static void main(String[] args) {
        Map<String, String> options = parse(args);
        String bootstrap = options.getOrDefault("bootstrap",
                System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"));
        List<String> topics = options.containsKey("topics")
                ? List.of(options.get("topics").split(",")) : PUBLIC_TOPICS;
        long max = Long.parseLong(options.getOrDefault("max", String.valueOf(Long.MAX_VALUE)));
        Duration idleExit = options.containsKey("idle-exit")
                ? Duration.ofSeconds(Long.parseLong(options.get("idle-exit"))) : null;
        boolean fromBeginning = options.containsKey("from-beginning");
        String group = options.getOrDefault("group", "im-event-subscriber-" + UUID.randomUUID());

        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, options.containsKey("group"));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());

        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        JsonFormat.Printer printer = printer();
        long printed = 0;
        long lastEvent = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(topics);
            while (printed < max) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : records) {
                    out.println(json(printer, record));
                    lastEvent = System.nanoTime();
                    if (++printed >= max) {
                        break;
                    }
                }
                if (idleExit != null && System.nanoTime() - lastEvent > idleExit.toNanos()) {
                    break;
                }
            }
        }
    }

    /** A JSON printer that knows every public payload type (for the envelope's {@code Any}). */
    static JsonFormat.Printer printer() {
        JsonFormat.TypeRegistry.Builder registry = JsonFormat.TypeRegistry.newBuilder();
        for (FileDescriptor file : List.of(UserEvents.getDescriptor(), GroupEvents.getDescriptor(),
                MessageEvents.getDescriptor(), MediaEvents.getDescriptor())) {
            registry.add(file.getMessageTypes());
        }
        return JsonFormat.printer().usingTypeRegistry(registry.build()).omittingInsignificantWhitespace();
    }

    /** One record as a JSON object: where it came from, then the envelope with its payload decoded. */
    static String json(JsonFormat.Printer printer, ConsumerRecord<String, byte[]> record) {
        String where = "\"topic\":\"" + record.topic() + "\",\"partition\":" + record.partition()
                + ",\"offset\":" + record.offset();
        try {
            String envelope = printer.print(EventEnvelope.parseFrom(record.value()));
            return "{" + where + ",\"event\":" + envelope + "}";
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return "{" + where + ",\"undecodable\":\"" + e.getClass().getSimpleName() + "\"}";
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            if (name.equals("from-beginning")) {
                options.put(name, "true");
            } else if (rest.isEmpty()) {
                throw new IllegalArgumentException(arg + " needs a value");
            } else {
                options.put(name, rest.remove(0));
            }
        }
        return options;
    }
}
