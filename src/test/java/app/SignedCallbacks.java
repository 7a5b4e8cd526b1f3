package app;

import domain.CallbackTokens;
import domain.Participant;

/**
 * Saga callback URLs as camel-lra builds them when a step joins (options first, in name order, then
 * the two routes), signed as the app signs them: what the coordinator stores and calls back.
 */
final class SignedCallbacks {

    private SignedCallbacks() {
    }

    /** The participant URL with {@code token} (none when null); {@code action} is compensate or complete. */
    static String url(String appUrl, String action, Participant participant, String orderId, String token) {
        return appUrl + "/lra-participant/" + action + "?"
                + (token == null ? "" : CallbackTokens.OPTION + "=" + token + "&")
                + "orderId=" + orderId
                + "&Camel-Saga-Compensate=" + participant.compensation().uri().replace("direct:", "direct://")
                + "&Camel-Saga-Complete=" + participant.completion().uri().replace("direct:", "direct://");
    }

    /**
     * The Link header a join sends: the compensate and complete URLs of a service, or for the saga
     * route itself the URL the coordinator calls when the saga has ended (app.SagaEndWatch).
     */
    static String link(String appUrl, Participant participant, String orderId, String token) {
        if (participant == Participant.SAGA) {
            return "<" + appUrl + "/lra-participant/ended?" + (token == null ? "" : CallbackTokens.OPTION + "=" + token + "&")
                    + "orderId=" + orderId + ">; rel=\"after\"";
        }
        return "<" + url(appUrl, "compensate", participant, orderId, token) + ">; rel=compensate,"
                + "<" + url(appUrl, "complete", participant, orderId, token) + ">; rel=complete";
    }
}
