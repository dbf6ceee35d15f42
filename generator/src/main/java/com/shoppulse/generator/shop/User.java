package com.shoppulse.generator.shop;

/** A shopper: where they live and what they browse on stay the same across their sessions. */
public record User(String id, String city, Device device) {}
