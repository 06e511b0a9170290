package ensemble.client.hud;

import com.jme3.app.Application;
import com.jme3.app.SimpleApplication;
import com.jme3.app.state.BaseAppState;
import com.jme3.font.BitmapFont;
import com.jme3.font.BitmapText;
import com.jme3.input.KeyInput;
import com.jme3.input.RawInputListener;
import com.jme3.input.event.JoyAxisEvent;
import com.jme3.input.event.JoyButtonEvent;
import com.jme3.input.event.KeyInputEvent;
import com.jme3.input.event.MouseButtonEvent;
import com.jme3.input.event.MouseMotionEvent;
import com.jme3.input.event.TouchEvent;
import com.jme3.math.ColorRGBA;
import com.jme3.scene.Node;
import ensemble.client.app.ClientContext;
import ensemble.client.app.SessionModel;
import ensemble.client.input.DesktopInputState;
import ensemble.v1.ChatSend;
import ensemble.v1.ClientMessage;
import java.util.List;

/**
 * Text chat: the recent lines at the bottom left; Enter opens a line to type (movement keys stop
 * moving, others see "typing..."), Enter sends it, Esc cancels. Lines are cut at
 * {@link #MAX_CHARS}, the server's limit.
 *
 * <p>Threads: render thread only (jME raw input callbacks run there).
 */
public final class ChatState extends BaseAppState implements RawInputListener {
    public static final int MAX_CHARS = 500;
    static final int VISIBLE_LINES = 6;
    static final long LINE_MS = 30_000;

    private final ClientContext context;
    private final Node gui = new Node("chat");
    private final StringBuilder typing = new StringBuilder();
    private BitmapText log;
    private BitmapText field;
    private boolean open;

    public ChatState(ClientContext context) {
        this.context = context;
    }

    @Override
    protected void initialize(Application app) {
        BitmapFont font = app.getAssetManager().loadFont("Interface/Fonts/Default.fnt");
        log = new BitmapText(font);
        gui.attachChild(log);
        field = new BitmapText(font);
        field.setColor(new ColorRGBA(0.6f, 1f, 0.7f, 1f));
        field.setLocalTranslation(12, 12 + field.getLineHeight(), 1);
        gui.attachChild(field);
    }

    @Override
    protected void cleanup(Application app) {
    }

    @Override
    protected void onEnable() {
        ((SimpleApplication) getApplication()).getGuiNode().attachChild(gui);
        getApplication().getInputManager().addRawInputListener(this);
    }

    @Override
    protected void onDisable() {
        gui.removeFromParent();
        getApplication().getInputManager().removeRawInputListener(this);
        close();
    }

    public boolean isOpen() {
        return open;
    }

    /** Opens the line for typing (Enter does this). */
    public void open() {
        open = true;
        typing.setLength(0);
        DesktopInputState input = getState(DesktopInputState.class);
        if (input != null) {
            input.setSuspended(true);
        }
    }

    private void close() {
        open = false;
        typing.setLength(0);
        DesktopInputState input = getState(DesktopInputState.class);
        if (input != null) {
            input.setSuspended(false);
        }
    }

    /** Types one character (printable only). */
    public void type(char c) {
        if (open && c >= ' ' && c != 127 && typing.length() < MAX_CHARS) {
            typing.append(c);
        }
    }

    /** Sends what was typed (nothing when blank) and closes the line. */
    public void submit() {
        String text = typing.toString().strip();
        if (!text.isEmpty()) {
            context.send(ClientMessage.newBuilder().setChat(ChatSend.newBuilder().setText(text)).build());
        }
        close();
    }

    @Override
    public void onKeyEvent(KeyInputEvent event) {
        if (!event.isPressed()) {
            return;
        }
        if (!open) {
            if (event.getKeyCode() == KeyInput.KEY_RETURN || event.getKeyCode() == KeyInput.KEY_NUMPADENTER) {
                open();
                event.setConsumed();
            }
            return;
        }
        switch (event.getKeyCode()) {
            case KeyInput.KEY_RETURN, KeyInput.KEY_NUMPADENTER -> submit();
            case KeyInput.KEY_ESCAPE -> close();
            case KeyInput.KEY_BACK -> {
                if (typing.length() > 0) {
                    typing.setLength(typing.length() - 1);
                }
            }
            default -> type(event.getKeyChar());
        }
        event.setConsumed();
    }

    @Override
    public void update(float tpf) {
        SessionModel model = context.model();
        List<SessionModel.Line> lines = model.chatLines();
        StringBuilder text = new StringBuilder();
        int from = Math.max(0, lines.size() - VISIBLE_LINES);
        for (int i = from; i < lines.size(); i++) {
            SessionModel.Line l = lines.get(i);
            if (!open && model.now() - l.atMillis() > LINE_MS) {
                continue;
            }
            text.append(l.facilitator() ? "[facilitator] " : "").append(l.from()).append(": ")
                    .append(HudText.cut(l.text(), 100)).append('\n');
        }
        log.setText(text.toString().stripTrailing());
        log.setLocalTranslation(12, 16 + field.getLineHeight() * 2 + log.getHeight(), 1);
        field.setText(open ? "Say: " + typing + "_" : "Enter to chat, Tab for the team");
        field.setColor(open ? new ColorRGBA(0.6f, 1f, 0.7f, 1f) : new ColorRGBA(1f, 1f, 1f, 0.5f));
    }

    public String typed() {
        return typing.toString();
    }

    public String logText() {
        return log.getText();
    }

    @Override
    public void beginInput() {
    }

    @Override
    public void endInput() {
    }

    @Override
    public void onJoyAxisEvent(JoyAxisEvent evt) {
    }

    @Override
    public void onJoyButtonEvent(JoyButtonEvent evt) {
    }

    @Override
    public void onMouseMotionEvent(MouseMotionEvent evt) {
    }

    @Override
    public void onMouseButtonEvent(MouseButtonEvent evt) {
    }

    @Override
    public void onTouchEvent(TouchEvent evt) {
    }
}
