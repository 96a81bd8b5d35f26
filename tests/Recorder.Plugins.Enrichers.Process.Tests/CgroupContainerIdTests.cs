using Recorder.Plugins.Enrichers.Process.Linux;

namespace Recorder.Plugins.Enrichers.Process.Tests;

/// <summary>
/// The container id from /proc/&lt;pid&gt;/cgroup as real runtimes lay it out (cgroup v1 and v2, cgroupfs and systemd
/// drivers), and none for host processes.
/// </summary>
public sealed class CgroupContainerIdTests
{
    private const string Id = "3f1a9c0d2b4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd";

    [Theory]
    // Docker, cgroup v1 with the cgroupfs driver: every controller line names it.
    [InlineData("12:pids:/docker/" + Id + "\n11:memory:/docker/" + Id + "\n1:name=systemd:/docker/" + Id + "\n0::/system.slice/containerd.service\n", Id)]
    // Docker, cgroup v2 with the systemd driver.
    [InlineData("0::/system.slice/docker-" + Id + ".scope\n", Id)]
    // Kubernetes with containerd, systemd driver: the container, not the pod.
    [InlineData("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0f5b1e8e_3c1d_4a9b_9d4c_2a9c5f3e7b61.slice/cri-containerd-" + Id + ".scope\n", Id)]
    // Kubernetes, cgroup v1 cgroupfs driver.
    [InlineData("4:memory:/kubepods/besteffort/pod0f5b1e8e-3c1d-4a9b-9d4c-2a9c5f3e7b61/" + Id + "\n", Id)]
    // CRI-O.
    [InlineData("0::/kubepods.slice/kubepods-pod1.slice/crio-" + Id + ".scope\n", Id)]
    // Podman rootless, and rootful with its own cgroup namespace (an extra /container level).
    [InlineData("0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + Id + ".scope\n", Id)]
    [InlineData("0::/machine.slice/libpod-" + Id + ".scope/container\n", Id)]
    // systemd-nspawn names the machine; '-' in it is escaped as \x2d in the unit name.
    [InlineData("0::/machine.slice/systemd-nspawn@build\\x2dbox.service/payload\n", "build-box")]
    // LXC.
    [InlineData("0::/lxc.payload.web01/system.slice/nginx.service\n", "web01")]
    public void A_container_cgroup_gives_its_id(string cgroupFile, string expected) =>
        Assert.Equal(expected, CgroupContainerId.Parse(cgroupFile));

    [Theory]
    [InlineData("0::/init.scope\n")]
    [InlineData("0::/user.slice/user-1000.slice/session-3.scope\n")]
    [InlineData("0::/system.slice/sshd.service\n")]
    [InlineData("0::/system.slice/docker.service\n")] // the daemon itself runs on the host
    [InlineData("12:pids:/\n11:memory:/user.slice\n0::/\n")]
    [InlineData("4:memory:/process_api/40b305f42cfeab9c133534b173a06ea5\n")] // 32 hex digits: not a container id
    [InlineData("")]
    [InlineData("garbage without colons\n")]
    public void A_host_cgroup_gives_none(string cgroupFile) => Assert.Null(CgroupContainerId.Parse(cgroupFile));
}
