package io.lading.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LikePatternTest {

    @Test
    void wildcardsAndTheEscapeCharacterInUserTextAreTakenLiterally() {
        assertEquals("%50\\%\\_off\\\\now%", LikePattern.containing("50%_off\\now"));
    }

    @Test
    void plainTextIsWrappedToMatchAnywhere() {
        assertEquals("%acme%", LikePattern.containing("acme"));
    }
}
