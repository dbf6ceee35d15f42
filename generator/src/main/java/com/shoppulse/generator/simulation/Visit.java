package com.shoppulse.generator.simulation;

import com.shoppulse.generator.shop.Channel;
import com.shoppulse.generator.shop.User;

/** Who is shopping in a session and how they came: what every event of the session carries. */
record Visit(String sessionId, User user, Channel channel) {}
