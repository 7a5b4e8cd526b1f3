package chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The orders of a chaos run, made from a seed: mostly orders that should complete, every seed
 * failure scenario, a hot item that many orders race for, and duplicates sent again by the other channel.
 */
final class OrderFeed {

    static final String HOT_ITEM = "900";
    private static final String[] FAILING = {"1", "2", "3", "11", "22", "33"};

    record FedOrder(String orderId, String json, boolean viaQueue, boolean duplicated) {
    }

    private final List<FedOrder> orders = new ArrayList<>();

    OrderFeed(int count, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            String prefix = random.nextInt(100) < 25 ? FAILING[random.nextInt(FAILING.length)] : Integer.toString(4 + random.nextInt(6));
            String orderId = prefix + "-" + seed + "-" + i;
            Map<String, Integer> items = new LinkedHashMap<>();
            if (random.nextInt(100) < 40) {
                items.put(HOT_ITEM, 1 + random.nextInt(2));
            }
            items.merge(Integer.toString(1 + random.nextInt(800)), 1 + random.nextInt(3), Integer::sum);
            orders.add(new FedOrder(orderId, json(orderId, items), random.nextBoolean(), random.nextInt(100) < 5));
        }
    }

    List<FedOrder> orders() {
        return orders;
    }

    /** Sends every order (and each duplicate a second time, by the other channel), spread over the run. */
    void send(SqsClient sqs, String queueUrl, Path inbox, long pauseMillis) throws IOException, InterruptedException {
        List<FedOrder> repeats = new ArrayList<>();
        for (FedOrder order : orders) {
            deliver(order, order.viaQueue(), sqs, queueUrl, inbox);
            if (order.duplicated()) {
                repeats.add(order);
            }
            Thread.sleep(pauseMillis);
        }
        for (FedOrder order : repeats) {
            deliver(order, !order.viaQueue(), sqs, queueUrl, inbox);
        }
    }

    private static void deliver(FedOrder order, boolean viaQueue, SqsClient sqs, String queueUrl, Path inbox)
            throws IOException, InterruptedException {
        if (viaQueue) {
            // a producer sends again until the queue takes it: the SQS server may be down or frozen for a while
            Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
            while (true) {
                try {
                    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(order.json()));
                    return;
                } catch (SdkException down) {
                    if (Instant.now().isAfter(giveUp)) {
                        throw down;
                    }
                    Thread.sleep(500);
                }
            }
        } else {
            // written aside, then moved in: the inbox never shows a half-written file
            Path partial = Files.writeString(inbox.resolveSibling(order.orderId() + "-" + System.nanoTime() + ".part"), order.json());
            Files.move(partial, inbox.resolve(partial.getFileName().toString().replace(".part", ".json")), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static String json(String orderId, Map<String, Integer> items) {
        List<String> lines = new ArrayList<>();
        items.forEach((itemId, qty) -> lines.add("{\"item_id\": \"%s\", \"qty\": %d, \"description\": \"item %s\", \"unit_price\": 9.99}"
                .formatted(itemId, qty, itemId)));
        return "{\"order_id\": \"%s\", \"order_date\": \"2018-10-19T10:50:16+08:00\", \"customer_id\": \"chaos\", \"items\": [%s]}"
                .formatted(orderId, String.join(", ", lines));
    }
}
