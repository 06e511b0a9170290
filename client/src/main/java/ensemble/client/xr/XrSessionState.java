package ensemble.client.xr;

import static ensemble.client.xr.XrResults.check;
import static org.lwjgl.openxr.XR10.*;
import static org.lwjgl.system.MemoryStack.stackPush;

import com.jme3.app.Application;
import com.jme3.app.SimpleApplication;
import com.jme3.app.state.BaseAppState;
import com.jme3.math.Quaternion;
import com.jme3.renderer.Camera;
import com.jme3.renderer.RenderManager;
import com.jme3.renderer.ViewPort;
import ensemble.client.input.TrackedPose;
import java.nio.IntBuffer;
import java.util.function.Consumer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.openxr.XrCompositionLayerBaseHeader;
import org.lwjgl.openxr.XrCompositionLayerProjection;
import org.lwjgl.openxr.XrCompositionLayerProjectionView;
import org.lwjgl.openxr.XrEventDataBuffer;
import org.lwjgl.openxr.XrEventDataSessionStateChanged;
import org.lwjgl.openxr.XrFrameBeginInfo;
import org.lwjgl.openxr.XrFrameEndInfo;
import org.lwjgl.openxr.XrFrameState;
import org.lwjgl.openxr.XrFrameWaitInfo;
import org.lwjgl.openxr.XrPosef;
import org.lwjgl.openxr.XrReferenceSpaceCreateInfo;
import org.lwjgl.openxr.XrSession;
import org.lwjgl.openxr.XrSessionBeginInfo;
import org.lwjgl.openxr.XrSpace;
import org.lwjgl.openxr.XrSpaceLocation;
import org.lwjgl.openxr.XrView;
import org.lwjgl.openxr.XrViewConfigurationView;
import org.lwjgl.openxr.XrViewLocateInfo;
import org.lwjgl.openxr.XrViewState;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

/**
 * The OpenXR session and its frame loop inside jME's: in {@code update} it handles the runtime's
 * events (the {@link SessionPhase} says what each state means), waits for the runtime's frame
 * timing, begins the frame, locates head, eyes and hands and reads the controllers into the
 * {@link XrRig}; in {@code render} it points the two eye cameras (asymmetric frusta from
 * {@code xrLocateViews}) at the swapchain images; after jME rendered them, {@code postRender}
 * releases the images and ends the frame with a projection layer.
 *
 * <p>Attach it before {@code CameraState}, which advances the rig. Threads: render thread only,
 * the GL context current throughout.
 */
public final class XrSessionState extends BaseAppState {
    static final float NEAR = 0.05f;
    static final float FAR = 200f;
    /** Eye height used when the runtime has no stage space and the local space starts at the head. */
    static final float LOCAL_EYE_HEIGHT = 1.65f;

    private final XrRuntime runtime;
    private final XrRig rig;
    private final SessionPhase phase = new SessionPhase();
    private final TrackedPose eyePose = new TrackedPose();
    private final Quaternion rotation = new Quaternion();
    private final EyeCapture capture;
    private final Consumer<String> log;
    private XrSession session;
    private XrSpace stage;
    private XrSpace viewSpace;
    private XrActions actions;
    private XrHands hands;
    private EyeSwapchain[] eyes;
    private ViewPort[] viewports;
    private Camera[] cameras;
    private XrView.Buffer views;
    private XrCompositionLayerProjectionView.Buffer layerViews;
    private XrFrameState frameState;
    private XrEventDataBuffer event;
    private boolean frameBegun;
    private boolean rendering;
    private long framesSubmitted;
    private long framesRendered;
    private boolean focusedOnce;

    /**
     * @param capture saves the eye images once (may be null)
     * @param log one line per lifecycle event, for the person and the tests
     */
    public XrSessionState(XrRuntime runtime, XrRig rig, EyeCapture capture, Consumer<String> log) {
        this.runtime = runtime;
        this.rig = rig;
        this.capture = capture;
        this.log = log;
    }

    @Override
    protected void initialize(Application app) {
        session = XrGraphics.createSession(runtime, app.getContext());
        try (MemoryStack stack = stackPush()) {
            stage = referenceSpace(stack);
            PointerBuffer p = stack.mallocPointer(1);
            check(xrCreateReferenceSpace(session, XrReferenceSpaceCreateInfo.calloc(stack).type$Default()
                    .referenceSpaceType(XR_REFERENCE_SPACE_TYPE_VIEW)
                    .poseInReferenceSpace(XrPosef.calloc(stack).orientation(q -> q.w(1))), p), "xrCreateReferenceSpace");
            viewSpace = new XrSpace(p.get(0), session);
            createSwapchains(app, stack);
        }
        actions = new XrActions(runtime.instance(), session);
        if (!actions.refused.isEmpty()) {
            log.accept("xr: the runtime does not know these controller profiles: " + String.join(", ", actions.refused));
        }
        hands = XrHands.open(runtime, session);
        log.accept("xr: hand tracking " + (hands != null ? "on" : "not available"));
        views = XrView.calloc(2);
        for (XrView v : views) {
            v.type$Default();
        }
        layerViews = XrCompositionLayerProjectionView.calloc(2);
        frameState = XrFrameState.calloc().type$Default();
        event = XrEventDataBuffer.calloc();
    }

    private XrSpace referenceSpace(MemoryStack stack) {
        IntBuffer count = stack.mallocInt(1);
        check(xrEnumerateReferenceSpaces(session, count, null), "xrEnumerateReferenceSpaces");
        IntBuffer types = stack.mallocInt(count.get(0));
        check(xrEnumerateReferenceSpaces(session, count, types), "xrEnumerateReferenceSpaces");
        boolean hasStage = false;
        for (int i = 0; i < count.get(0); i++) {
            hasStage |= types.get(i) == XR_REFERENCE_SPACE_TYPE_STAGE;
        }
        // Without a stage, the local space starts at the head: put its origin on the floor below.
        XrPosef pose = XrPosef.calloc(stack).orientation(q -> q.w(1));
        if (!hasStage) {
            pose.position$().y(-LOCAL_EYE_HEIGHT);
        }
        PointerBuffer p = stack.mallocPointer(1);
        check(xrCreateReferenceSpace(session, XrReferenceSpaceCreateInfo.calloc(stack).type$Default()
                .referenceSpaceType(hasStage ? XR_REFERENCE_SPACE_TYPE_STAGE : XR_REFERENCE_SPACE_TYPE_LOCAL)
                .poseInReferenceSpace(pose), p), "xrCreateReferenceSpace");
        log.accept("xr: tracking in the " + (hasStage ? "stage" : "local") + " space");
        return new XrSpace(p.get(0), session);
    }

    private void createSwapchains(Application app, MemoryStack stack) {
        IntBuffer count = stack.mallocInt(1);
        check(xrEnumerateViewConfigurationViews(runtime.instance(), runtime.systemId(),
                XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, count, null), "xrEnumerateViewConfigurationViews");
        XrViewConfigurationView.Buffer config = XrViewConfigurationView.calloc(count.get(0), stack);
        for (XrViewConfigurationView v : config) {
            v.type$Default();
        }
        check(xrEnumerateViewConfigurationViews(runtime.instance(), runtime.systemId(),
                XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, count, config), "xrEnumerateViewConfigurationViews");
        long format = XrGraphics.chooseFormat(session);
        eyes = new EyeSwapchain[2];
        viewports = new ViewPort[2];
        cameras = new Camera[2];
        SimpleApplication simple = (SimpleApplication) app;
        for (int i = 0; i < 2; i++) {
            int w = config.get(i).recommendedImageRectWidth();
            int h = config.get(i).recommendedImageRectHeight();
            eyes[i] = new EyeSwapchain(session, format, w, h);
            cameras[i] = new Camera(w, h);
            cameras[i].setFrustumPerspective(90, (float) w / h, NEAR, FAR);
            viewports[i] = app.getRenderManager().createPreView(i == 0 ? "xr-left-eye" : "xr-right-eye", cameras[i]);
            viewports[i].setClearFlags(true, true, true);
            viewports[i].attachScene(simple.getRootNode());
            viewports[i].setEnabled(false);
            log.accept("xr: " + (i == 0 ? "left" : "right") + " eye swapchain " + w + "x" + h + " format 0x"
                    + Long.toHexString(format));
        }
    }

    @Override
    public void update(float tpf) {
        pollEvents();
        frameBegun = false;
        rendering = false;
        if (!phase.running()) {
            return;
        }
        try (MemoryStack stack = stackPush()) {
            check(xrWaitFrame(session, XrFrameWaitInfo.calloc(stack).type$Default(), frameState), "xrWaitFrame");
            check(xrBeginFrame(session, XrFrameBeginInfo.calloc(stack).type$Default()), "xrBeginFrame");
            frameBegun = true;
            long time = frameState.predictedDisplayTime();
            XrSpaceLocation head = XrActions.locate(viewSpace, stage, time, stack);
            if (XrActions.tracked(head)) {
                var pos = head.pose().position$();
                var q = head.pose().orientation();
                rig.headFromXr(pos.x(), pos.y(), pos.z(), q.x(), q.y(), q.z(), q.w());
            }
            actions.read(rig, stage, time, phase.focused());
            if (hands != null) {
                hands.read(rig, stage, time);
            }
            rig.posesUpdated();
            if (frameState.shouldRender() && phase.visible()) {
                XrViewState viewState = XrViewState.calloc(stack).type$Default();
                IntBuffer count = stack.mallocInt(1);
                check(xrLocateViews(session, XrViewLocateInfo.calloc(stack).type$Default()
                        .viewConfigurationType(XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO).displayTime(time).space(stage),
                        viewState, count, views), "xrLocateViews");
                long need = XR_VIEW_STATE_POSITION_VALID_BIT | XR_VIEW_STATE_ORIENTATION_VALID_BIT;
                rendering = (viewState.viewStateFlags() & need) == need;
            }
        }
    }

    /** Points the eye cameras (after every state has moved the rig) and the viewports at this frame's images. */
    @Override
    public void render(RenderManager rm) {
        var background = getApplication().getViewPort().getBackgroundColor();
        for (int i = 0; i < 2; i++) {
            viewports[i].setEnabled(rendering);
            if (!rendering) {
                continue;
            }
            XrView view = views.get(i);
            var p = view.pose().position$();
            var q = view.pose().orientation();
            rig.eyeToWorld(p.x(), p.y(), p.z(), q.x(), q.y(), q.z(), q.w(), eyePose);
            Camera cam = cameras[i];
            applyFov(cam, view.fov().angleLeft(), view.fov().angleRight(), view.fov().angleUp(), view.fov().angleDown());
            cam.setLocation(cam.getLocation().set(eyePose.x, eyePose.y, eyePose.z));
            cam.setRotation(rotation.set(eyePose.qx, eyePose.qy, eyePose.qz, eyePose.qw));
            cam.update();
            viewports[i].setBackgroundColor(background);
            viewports[i].setOutputFrameBuffer(eyes[i].acquire());
        }
    }

    /** Gives {@code cam} the asymmetric frustum of an OpenXR field of view (radians). */
    static void applyFov(Camera cam, float angleLeft, float angleRight, float angleUp, float angleDown) {
        float[] f = XrMath.frustum(angleLeft, angleRight, angleUp, angleDown, NEAR);
        cam.setParallelProjection(false); // a new jME camera starts out orthographic
        cam.setFrustum(NEAR, FAR, f[0], f[1], f[2], f[3]);
    }

    @Override
    public void postRender() {
        if (!frameBegun) {
            return;
        }
        if (rendering && capture != null) {
            capture.offer(getApplication().getRenderer(), eyes[0], eyes[1]);
        }
        try (MemoryStack stack = stackPush()) {
            XrFrameEndInfo end = XrFrameEndInfo.calloc(stack).type$Default()
                    .displayTime(frameState.predictedDisplayTime())
                    .environmentBlendMode(XR_ENVIRONMENT_BLEND_MODE_OPAQUE);
            if (rendering) {
                for (int i = 0; i < 2; i++) {
                    eyes[i].release();
                    XrView view = views.get(i);
                    layerViews.get(i).type$Default().pose(view.pose()).fov(view.fov());
                }
                fillSubImages();
                XrCompositionLayerProjection layer = XrCompositionLayerProjection.calloc(stack).type$Default()
                        .space(stage).views(layerViews);
                end.layers(stack.pointers(XrCompositionLayerBaseHeader.create(layer.address())));
                framesRendered++;
            }
            check(xrEndFrame(session, end), "xrEndFrame");
            framesSubmitted++;
            if (framesSubmitted == 1 || framesSubmitted % 300 == 0) {
                log.accept("xr: frames submitted " + framesSubmitted + ", rendered " + framesRendered);
            }
        }
    }

    private void fillSubImages() {
        for (int i = 0; i < 2; i++) {
            var sub = layerViews.get(i).subImage();
            sub.swapchain(eyes[i].handle).imageArrayIndex(0);
            sub.imageRect().offset().set(0, 0);
            sub.imageRect().extent().set(eyes[i].width, eyes[i].height);
        }
    }

    private void pollEvents() {
        while (true) {
            event.type$Default().next(MemoryUtil.NULL);
            int r = xrPollEvent(runtime.instance(), event);
            if (r != XR_SUCCESS) {
                return;
            }
            switch (event.type()) {
                case XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED -> {
                    var changed = XrEventDataSessionStateChanged.create(event.address());
                    SessionPhase.State state = SessionPhase.of(changed.state());
                    log.accept("xr: session " + state);
                    if (state == SessionPhase.State.FOCUSED && !focusedOnce) {
                        focusedOnce = true;
                    }
                    act(phase.changed(state));
                }
                case XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING -> {
                    log.accept("xr: the runtime is going away");
                    act(SessionPhase.Step.EXIT);
                }
                default -> { }
            }
        }
    }

    private void act(SessionPhase.Step step) {
        try (MemoryStack stack = stackPush()) {
            switch (step) {
                case BEGIN -> check(xrBeginSession(session, XrSessionBeginInfo.calloc(stack).type$Default()
                        .primaryViewConfigurationType(XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO)), "xrBeginSession");
                case END -> check(xrEndSession(session), "xrEndSession");
                case EXIT -> getApplication().stop();
                case NONE -> { }
            }
        }
    }

    /** Asks the runtime to end the session; the app stops when it reaches EXITING (or IDLE after the request). */
    public void requestExit() {
        phase.requestExit();
        if (phase.running()) {
            xrRequestExitSession(session);
        } else {
            getApplication().stop();
        }
    }

    public SessionPhase phase() {
        return phase;
    }

    public boolean reachedFocus() {
        return focusedOnce;
    }

    public long framesSubmitted() {
        return framesSubmitted;
    }

    @Override
    protected void cleanup(Application app) {
        log.accept("xr: " + framesSubmitted + " frames submitted, " + framesRendered + " rendered");
        for (ViewPort vp : viewports) {
            app.getRenderManager().removePreView(vp);
        }
        if (hands != null) {
            hands.close();
        }
        actions.close();
        for (EyeSwapchain eye : eyes) {
            eye.close();
        }
        xrDestroySpace(viewSpace);
        xrDestroySpace(stage);
        xrDestroySession(session);
        runtime.close();
        views.free();
        layerViews.free();
        frameState.free();
        event.free();
    }

    @Override
    protected void onEnable() {
    }

    @Override
    protected void onDisable() {
    }
}
