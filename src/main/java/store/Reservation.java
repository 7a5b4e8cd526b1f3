package store;

import java.util.Map;

/** An order's stock reservation: RESERVED, then CONFIRMED (saga closed) or RELEASED (compensated). */
public record Reservation(String reservationId, String orderId, String state, Map<String, Integer> quantities) {
}
