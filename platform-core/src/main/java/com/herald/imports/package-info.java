/**
 * CSV imports of contacts: a file is uploaded and stored in chunks, its columns are
 * mapped to contact fields or typed attributes, and a background worker holding a lease
 * on the import applies it chunk by chunk, set-based, recording consent for the channels
 * the import grants. Each chunk commits with its checkpoint, so a restart resumes where
 * the last chunk ended; rows that cannot be imported are kept with their reason.
 */
@ApplicationModule(allowedDependencies = { "contact", "consent", "csv" })
@NullMarked
package com.herald.imports;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
