package com.shoppulse.service;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReportServiceTest {
    @Test
    void theReadmeListsTheOptionsAsDeclared() throws IOException {
        ReportService.OPTIONS.requireListedIn(Path.of("..", "README.md"));
    }
}
