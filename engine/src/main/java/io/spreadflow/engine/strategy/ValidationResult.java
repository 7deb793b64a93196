package io.spreadflow.engine.strategy;

import java.io.Serializable;

/** Whether an action may go ahead, and why not. */
public record ValidationResult(boolean accepted, String reason) implements Serializable {

    public static final ValidationResult OK = new ValidationResult(true, "");

    public static ValidationResult reject(String reason) {
        return new ValidationResult(false, reason);
    }
}
