package routes;

import domain.CallbackTokens;
import domain.MessageKeys;
import domain.Participant;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.support.ExpressionAdapter;

/**
 * The saga option that signs a participant's callback URL. camel-lra evaluates it when the step
 * joins the saga (the LRA id is in the message by then) and puts it in the one URL the coordinator
 * stores and calls back, for the compensation and the completion alike.
 */
final class CallbackTokenOption {

    private CallbackTokenOption() {
    }

    static Expression of(Participant participant) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return exchange.getContext().getRegistry().findSingleByType(CallbackTokens.class).sign(
                        exchange.getMessage().getHeader(Exchange.SAGA_LONG_RUNNING_ACTION, String.class),
                        exchange.getMessage().getHeader(MessageKeys.ORDER_ID, String.class), participant);
            }

            @Override
            public String toString() {
                return "callbackToken(" + participant + ")";
            }
        };
    }
}
