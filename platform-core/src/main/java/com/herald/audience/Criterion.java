package com.herald.audience;

/**
 * A node of an audience's criteria tree: a {@link Group} of nodes or a {@link Condition}.
 */
public sealed interface Criterion permits Group, Condition {

}
