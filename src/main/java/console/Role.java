package console;

import java.security.Principal;

/** A role a console user holds, from the users file; Hawtio lets in only users holding one of console.roles. */
public record Role(String name) implements Principal {

    @Override
    public String getName() {
        return name;
    }
}
