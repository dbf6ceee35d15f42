package com.shoppulse.bot;

import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.util.LongPollingSingleThreadUpdateConsumer;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * The bot's side of Telegram: takes each update from long polling, answers chats in the allow list
 * with {@link BotCommands}, and ignores any other chat (logging the attempt, answering nothing, so
 * a stranger cannot even learn that the bot is there).
 */
public final class ShopBot implements LongPollingSingleThreadUpdateConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(ShopBot.class);

    private final TelegramClient telegram;
    private final BotCommands commands;
    private final Set<String> allowedChats;

    public ShopBot(TelegramClient telegram, BotCommands commands, List<String> allowedChats) {
        this.telegram = telegram;
        this.commands = commands;
        this.allowedChats = Set.copyOf(allowedChats);
    }

    @Override
    public void consume(Update update) {
        long started = System.nanoTime();
        String chatId;
        String input;
        if (update.hasMessage() && update.getMessage().hasText()) {
            chatId = String.valueOf(update.getMessage().getChatId());
            input = update.getMessage().getText();
        } else if (update.hasCallbackQuery() && update.getCallbackQuery().getMessage() != null) {
            chatId = String.valueOf(update.getCallbackQuery().getMessage().getChatId());
            input = update.getCallbackQuery().getData();
        } else {
            return;
        }
        if (!allowedChats.contains(chatId)) {
            LOG.warn(
                    "ignored an update from chat {}, which is not in TELEGRAM_CHAT_IDS: {}",
                    chatId,
                    abbreviated(input));
            return;
        }
        BotCommands.Reply reply;
        try {
            if (update.hasCallbackQuery()) {
                telegram.execute(
                        AnswerCallbackQuery.builder()
                                .callbackQueryId(update.getCallbackQuery().getId())
                                .build());
                reply = commands.button(input);
            } else {
                reply = commands.command(input);
            }
        } catch (RuntimeException | TelegramApiException e) {
            LOG.warn("could not answer '{}' for chat {}", abbreviated(input), chatId, e);
            reply =
                    BotCommands.Reply.text(
                            "Could not answer now: the data is not reachable. Try again in a minute.");
        }
        send(chatId, reply);
        LOG.info(
                "answered '{}' for chat {} in {} ms",
                abbreviated(input),
                chatId,
                (System.nanoTime() - started) / 1_000_000);
    }

    private void send(String chatId, BotCommands.Reply reply) {
        try {
            if (reply.document() != null) {
                telegram.execute(
                        SendDocument.builder()
                                .chatId(chatId)
                                .document(
                                        new InputFile(
                                                reply.document().toFile(),
                                                reply.document().getFileName().toString()))
                                .caption(reply.html())
                                .build());
                return;
            }
            SendMessage.SendMessageBuilder<?, ?> message =
                    SendMessage.builder().chatId(chatId).text(reply.html()).parseMode("HTML");
            if (!reply.buttons().isEmpty()) {
                List<InlineKeyboardRow> rows =
                        reply.buttons().stream()
                                .map(
                                        b ->
                                                new InlineKeyboardRow(
                                                        InlineKeyboardButton.builder()
                                                                .text(b.label())
                                                                .callbackData(b.data())
                                                                .build()))
                                .toList();
                message.replyMarkup(new InlineKeyboardMarkup(rows));
            }
            telegram.execute(message.build());
        } catch (TelegramApiException e) {
            LOG.warn("could not send an answer to chat {}: {}", chatId, e.getMessage());
        }
    }

    private static String abbreviated(String input) {
        return input == null || input.length() <= 60 ? input : input.substring(0, 60) + "…";
    }
}
