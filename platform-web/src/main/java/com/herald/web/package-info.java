/**
 * The admin pages: Thymeleaf views with htmx partial updates, one sub-package per
 * feature. Adapters only: every decision is made by the services they call.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
@NullMarked
package com.herald.web;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
