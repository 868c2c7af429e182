package com.herald.broadcast;

import com.github.kagkarlsson.scheduler.task.Task;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hands the launch task and its recovery sweep to db-scheduler, which runs each instance
 * once across nodes.
 */
@Configuration(proxyBeanMethods = false)
class BroadcastTasks {

	@Bean
	Task<String> broadcastLaunchTask(BroadcastLauncher launcher) {
		return launcher.task;
	}

	@Bean
	Task<Void> broadcastLaunchSweepTask(BroadcastLauncher launcher) {
		return launcher.sweep;
	}

}
