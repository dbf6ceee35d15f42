package com.shoppulse.alerts.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesWhatTelegramWouldReadAsMarkup() {
        assertThat(Html.text("<script>alert(1)</script> & \"x\""))
                .isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"x\"");
    }

    @Test
    void anEntityInTheValueStaysText() {
        assertThat(Html.text("&amp;")).isEqualTo("&amp;amp;");
    }

    @Test
    void anAttributeAlsoEscapesQuotes() {
        assertThat(Html.attribute("https://d.example/?a=1&b=\"<x>\""))
                .isEqualTo("https://d.example/?a=1&amp;b=&quot;&lt;x&gt;&quot;");
    }

    @Test
    void leavesOtherTextAlone() {
        assertThat(Html.text("Омск 🛒 'quoted'")).isEqualTo("Омск 🛒 'quoted'");
    }
}
