package care.web.pages;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a patient's monitor reaches the clinic during a session when the API gives no direct contact
 * ({@code care.web.on-call.text}, {@code CARE_WEB_ON_CALL_TEXT}): the clinic's own words, e.g. its on-call number
 * and hours. Empty: the monitor's view says to use the number the clinic gave them.
 */
@ConfigurationProperties("care.web.on-call")
record OnCallProperties(String text) {

    OnCallProperties {
        text = text == null || text.isBlank() ? null : text.strip();
    }
}
