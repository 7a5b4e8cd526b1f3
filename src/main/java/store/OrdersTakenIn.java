package store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The order ids this replica is taking in right now. The same order can arrive twice at once (the
 * queue's pollers, or the queue and the folder); without this both copies would find the order new
 * and start a saga each. (Across replicas the order's conditional write refuses the second saga.)
 */
public class OrdersTakenIn {

    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();

    /** False when another copy of this order is being taken in: the caller drops its copy. */
    public boolean take(String orderId) {
        return inProgress.add(orderId);
    }

    public void done(String orderId) {
        inProgress.remove(orderId);
    }
}
