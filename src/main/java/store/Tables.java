package store;

/** The DynamoDB table names, one set per deployment (properties tables.*). */
public record Tables(String orders, String payments, String inventory, String reservations, String history, String outbox,
                     String redrives) {
}
