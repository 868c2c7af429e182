package com.herald.imports;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of CSV imports ({@code herald.imports.*}).
 *
 * @param maxFileSize the largest file accepted
 * @param chunkRows rows applied per transaction (and per checkpoint)
 * @param lease how long a worker holds an import without committing a chunk before
 * another may take it over; must exceed the time one chunk takes
 * @param pollInterval how often an idle worker looks for work
 * @param maxAttempts failed attempts at one chunk before the import is marked failed
 * @param parallelChunks chunks applied at once, each on its own connection (1: one after
 * the other); they still commit in file order
 */
@ConfigurationProperties("herald.imports")
public record ImportProperties(@DefaultValue("256MB") DataSize maxFileSize, @DefaultValue("5000") int chunkRows,
		@DefaultValue("60s") Duration lease, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("5") int maxAttempts, @DefaultValue("2") int parallelChunks) {

}
