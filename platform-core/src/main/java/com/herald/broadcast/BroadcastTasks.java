package com.herald.broadcast;

import com.github.kagkarlsson.scheduler.task.Task;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Hands the launch task to db-scheduler, which runs each instance once across nodes. */
@Configuration(proxyBeanMethods = false)
class BroadcastTasks {

	@Bean
	Task<String> broadcastLaunchTask(BroadcastLauncher launcher) {
		return launcher.task;
	}

}
