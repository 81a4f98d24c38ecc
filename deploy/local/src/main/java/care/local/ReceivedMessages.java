package care.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import care.local.MessageStandIns.Channel;
import care.local.MessageStandIns.Message;

/**
 * Everything the message stand-ins received, oldest first, kept in memory, with the provider's bookkeeping of
 * Idempotency-Keys: which were accepted (and under which provider id) and how many requests carried each.
 * Thread-safe; its lock is never held while taking another.
 */
final class ReceivedMessages {

    /** The provider's answer to a message: its id, and whether the Idempotency-Key was seen before. */
    record Acceptance(String id, boolean repeated) {
    }

    private final List<Message> messages = new ArrayList<>();
    /** Provider message id by channel and Idempotency-Key. */
    private final Map<String, String> accepted = new HashMap<>();
    /** Provider requests by channel and Idempotency-Key, whatever the answer (an outage's 503 included). */
    private final Map<String, Integer> requests = new HashMap<>();

    synchronized void record(Message message) {
        messages.add(message);
    }

    /** Counts a provider request carrying this Idempotency-Key on this channel, whatever its answer. */
    synchronized void countRequest(Channel channel, String idempotencyKey) {
        requests.merge(channel + " " + idempotencyKey, 1, Integer::sum);
    }

    /**
     * Accepts a provider message once per channel and Idempotency-Key: the first time it is recorded under a new
     * id, later it is not recorded again and the first id is answered.
     */
    synchronized Acceptance accept(Channel channel, String idempotencyKey, Message message) {
        String id = accepted.get(channel + " " + idempotencyKey);
        if (id != null) {
            return new Acceptance(id, true);
        }
        id = channel.name().toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID();
        accepted.put(channel + " " + idempotencyKey, id);
        messages.add(message);
        return new Acceptance(id, false);
    }

    /** How many provider requests carried this Idempotency-Key on this channel, answered or refused. */
    synchronized int requests(Channel channel, String idempotencyKey) {
        return requests.getOrDefault(channel + " " + idempotencyKey, 0);
    }

    /** Whether a message with this Idempotency-Key was accepted on this channel (it is recorded once). */
    synchronized boolean accepted(Channel channel, String idempotencyKey) {
        return accepted.containsKey(channel + " " + idempotencyKey);
    }

    /** What this address received on this channel, oldest first. */
    synchronized List<Message> received(Channel channel, String to) {
        return messages.stream().filter(message -> message.channel() == channel && message.to().equalsIgnoreCase(to))
                .toList();
    }

    /** What this address received on any channel (everything when {@code to} is null), oldest first. */
    synchronized List<Message> to(String to) {
        return messages.stream().filter(message -> to == null || message.to().equalsIgnoreCase(to)).toList();
    }
}
