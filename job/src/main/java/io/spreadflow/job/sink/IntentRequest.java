package io.spreadflow.job.sink;

import java.io.Serializable;

/** One intent as the sink buffers it: its id and its JSON, ready to go into a request body. */
public record IntentRequest(String intentId, byte[] json) implements Serializable {
}
