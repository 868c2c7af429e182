/**
 * A streaming CSV reader (RFC 4180, with the leniencies spreadsheets need) shared by the
 * contact import and static lists. It never loads a file: one record at a time, with
 * bounded field and record sizes, and a malformed record is reported, not fatal.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
@NullMarked
package com.herald.csv;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
