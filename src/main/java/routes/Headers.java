package routes;

/** Names the intake and API routes share. */
final class Headers {

    /**
     * The order id of input not read yet. The log context copies headers, and saga callbacks continue
     * on other threads, so without a value a consumer thread could log an earlier order's id.
     */
    static final String NOT_READ_YET = "-";

    private Headers() {
    }
}
