package ensemble.server.store;

import java.util.Objects;

/** The result of a store call made through {@link AsyncStore}: a value or the failure. */
public sealed interface StoreResult<T> {

    record Ok<T>(T value) implements StoreResult<T> {
    }

    record Failed<T>(Exception error) implements StoreResult<T> {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }
}
