package com.shoppulse.generator.simulation;

/**
 * One record of the shop's traffic: the JSON event as sent, keyed by the user who made it so that
 * each user's events stay in order in one partition.
 */
public record ShopRecord(String userId, String json) {}
